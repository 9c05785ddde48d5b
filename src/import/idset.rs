//! The set of record ids an import has written, in memory that does not grow with
//! the dump.
//!
//! Every record of an import is checked against every id written before it (see
//! [`super::ids`]), so the set holds one 128-bit digest per record: three million
//! records for a 1M-tweet X archive. Held in a hash set that was 100 MB of the
//! import's peak; here it is a log-structured set:
//!
//! - the latest digests in a hash set of at most [`RECENT`] entries (4.5 MB);
//! - the older ones in one sorted file in the spool folder (the archive's staging
//!   folder), rewritten by a sequential merge each time the hash set is full;
//! - a Bloom filter over the file (12 bits a digest, about 0.3 % false positives,
//!   1.5 bytes a record in memory) and a sparse index of every 256th digest, so a
//!   digest the filter does not know is new without touching the file, and one the
//!   filter may know costs one 4 KiB read.
//!
//! Clashes are rare and false positives are one in three hundred, so the file is
//! read a few thousand times in a million-record import, from the page cache. A dump
//! smaller than [`RECENT`] records never creates the file.

use std::collections::HashSet;
use std::fs::File;
use std::hash::BuildHasherDefault;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Digests held in memory before they are merged into the file: 7/8 of 2^18, the
/// most a hash table of 2^18 buckets holds before it doubles.
const RECENT: usize = (1 << 18) / 8 * 7;
/// One digest in the sparse index for this many in the file.
const FENCE: usize = 256;
/// Bits of the Bloom filter per digest in the file, and probes per digest.
const BLOOM_BITS: usize = 12;
const BLOOM_PROBES: u32 = 8;

/// The digests are already uniform: the hash set uses their low bits as they are.
#[derive(Default)]
pub(super) struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

/// A set of 128-bit digests (see the module documentation).
pub(crate) struct IdSet {
    recent: HashSet<u128, BuildHasherDefault<PassThrough>>,
    spool: Option<PathBuf>,
    file: Option<Sorted>,
    /// How many digests the set holds.
    len: u64,
}

/// The sorted file, its filter and its index.
struct Sorted {
    dir: PathBuf,
    path: PathBuf,
    file: File,
    len: u64,
    bloom: Vec<u64>,
    /// Every FENCE-th digest of the file, in order.
    fences: Vec<u128>,
}

impl IdSet {
    /// An empty set; the file, when one is needed, goes in `spool` (else the
    /// system's temporary folder).
    pub(crate) fn new(spool: Option<&Path>) -> IdSet {
        IdSet {
            recent: HashSet::default(),
            spool: spool.map(Path::to_path_buf),
            file: None,
            len: 0,
        }
    }

    /// How many digests the set holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Add `d`; false when it was already there.
    pub(crate) fn insert(&mut self, d: u128) -> Result<bool> {
        if self.recent.contains(&d) {
            return Ok(false);
        }
        if let Some(f) = &mut self.file {
            if f.contains(d)? {
                return Ok(false);
            }
        }
        self.recent.insert(d);
        self.len += 1;
        if self.recent.len() >= RECENT {
            self.merge()?;
        }
        Ok(true)
    }

    /// Merge the hash set into the file (a new file, written in one sequential pass
    /// over the old one and the sorted new digests).
    fn merge(&mut self) -> Result<()> {
        let mut new: Vec<u128> = self.recent.drain().collect();
        new.sort_unstable();
        let total = self.file.as_ref().map_or(0, |f| f.len) + new.len() as u64;
        let dir = match &self.file {
            Some(f) => f.dir.clone(),
            None => {
                let base = self.spool.clone().unwrap_or_else(std::env::temp_dir);
                crate::container::unique_dir(&base, "ids")?
            }
        };
        let path = dir.join(format!("ids-{total}"));
        // read back by `contains` and by the next merge
        let out = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let mut w = BufWriter::with_capacity(1 << 16, out);
        let mut bloom = vec![0u64; bloom_words(total)];
        let mut fences = Vec::with_capacity(total as usize / FENCE + 1);
        let mut n = 0usize;
        let mut put = |d: u128, w: &mut BufWriter<File>| -> std::io::Result<()> {
            if n % FENCE == 0 {
                fences.push(d);
            }
            n += 1;
            bloom_add(&mut bloom, d);
            w.write_all(&d.to_le_bytes())
        };
        let mut fresh = new.into_iter().peekable();
        if let Some(old) = &self.file {
            let mut r = BufReader::with_capacity(
                1 << 16,
                old.file.try_clone().map_err(|e| Error::io(&old.path, e))?,
            );
            let mut buf = [0u8; 16];
            // the old file is read from its start: the reads of `contains` are positioned
            use std::io::Seek;
            r.seek(std::io::SeekFrom::Start(0))
                .map_err(|e| Error::io(&old.path, e))?;
            for _ in 0..old.len {
                r.read_exact(&mut buf)
                    .map_err(|e| Error::io(&old.path, e))?;
                let d = u128::from_le_bytes(buf);
                while let Some(&x) = fresh.peek() {
                    if x >= d {
                        break;
                    }
                    put(x, &mut w).map_err(|e| Error::io(&path, e))?;
                    fresh.next();
                }
                put(d, &mut w).map_err(|e| Error::io(&path, e))?;
            }
        }
        for x in fresh {
            put(x, &mut w).map_err(|e| Error::io(&path, e))?;
        }
        let file = w
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        if let Some(old) = self.file.take() {
            // the folder stays: the new file is in it
            let _ = std::fs::remove_file(&old.path);
        }
        self.file = Some(Sorted {
            dir,
            path,
            file,
            len: total,
            bloom,
            fences,
        });
        Ok(())
    }
}

impl Drop for IdSet {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            let _ = std::fs::remove_dir_all(&f.dir);
        }
    }
}

fn bloom_words(n: u64) -> usize {
    ((n as usize).saturating_mul(BLOOM_BITS) / 64).max(1)
}

/// The probes of `d`: double hashing on its two halves (the digest is uniform).
fn probes(d: u128, words: usize) -> impl Iterator<Item = (usize, u64)> {
    let bits = (words as u64) * 64;
    let (a, b) = (d as u64, ((d >> 64) as u64) | 1);
    (0..u64::from(BLOOM_PROBES)).map(move |i| {
        let bit = a.wrapping_add(i.wrapping_mul(b)) % bits;
        ((bit / 64) as usize, 1u64 << (bit % 64))
    })
}

fn bloom_add(bloom: &mut [u64], d: u128) {
    let words = bloom.len();
    for (w, m) in probes(d, words) {
        if let Some(x) = bloom.get_mut(w) {
            *x |= m;
        }
    }
}

impl Sorted {
    fn contains(&mut self, d: u128) -> Result<bool> {
        let words = self.bloom.len();
        if !probes(d, words).all(|(w, m)| self.bloom.get(w).is_some_and(|x| x & m != 0)) {
            return Ok(false);
        }
        // the block of FENCE digests that would hold `d`
        let block = self.fences.partition_point(|&f| f <= d);
        if block == 0 {
            return Ok(false);
        }
        let start = (block - 1) * FENCE;
        let count = FENCE.min((self.len as usize).saturating_sub(start));
        let mut buf = vec![0u8; count * 16];
        read_at(&self.file, &mut buf, (start * 16) as u64).map_err(|e| Error::io(&self.path, e))?;
        Ok(buf.chunks_exact(16).any(|c| {
            c.try_into()
                .is_ok_and(|b: [u8; 16]| u128::from_le_bytes(b) == d)
        }))
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    f.read_exact_at(buf, off)
}

#[cfg(not(unix))]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> std::io::Result<()> {
    use std::io::Seek;
    let mut f = f;
    f.seek(std::io::SeekFrom::Start(off))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A uniform-looking digest of `i` (splitmix64 on both halves).
    fn dig(i: u64) -> u128 {
        let mix = |mut z: u64| {
            z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        (u128::from(mix(i)) << 64) | u128::from(mix(i ^ 0xdead_beef))
    }

    #[test]
    fn every_repeat_is_found_across_merges() {
        let dir = std::env::temp_dir().join(format!("lifeboat-idset-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut s = IdSet::new(Some(&dir));
        let n = (RECENT as u64) * 2 + 1000;
        for i in 0..n {
            assert!(s.insert(dig(i)).unwrap(), "{i} is new");
        }
        assert!(s.file.is_some(), "the set spilled to its file");
        // old (in the file, across two merges) and recent repeats are all found
        for i in (0..n)
            .step_by(997)
            .chain([0, n - 1, RECENT as u64 - 1, RECENT as u64])
        {
            assert!(!s.insert(dig(i)).unwrap(), "{i} is a repeat");
        }
        assert_eq!(s.len(), n);
        // new digests are still new, whatever the filter says of them
        for i in n..n + 5000 {
            assert!(s.insert(dig(i)).unwrap());
        }
        let spilled = s.file.as_ref().unwrap().dir.clone();
        drop(s);
        assert!(!spilled.exists(), "the file goes with the set");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_small_import_never_touches_the_disk() {
        let mut s = IdSet::new(Some(Path::new("/nonexistent/folder")));
        for i in 0..10_000 {
            assert!(s.insert(dig(i)).unwrap());
        }
        assert!(!s.insert(dig(7)).unwrap());
        assert!(s.file.is_none());
    }
}
