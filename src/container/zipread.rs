//! A zip reader for untrusted dumps.
//!
//! Why not the `zip` crate's reader (it still writes lifeboat's zips): it keeps a
//! large structure per entry (a million entries took 1.2 GB), it hands out entries
//! whose data overlap (two hundred central-directory entries pointing at one deflated
//! file), and its CRC check only runs when a reader reaches the end of an entry. This
//! reader keeps only what reading needs, refuses overlapping entries, and checks every
//! entry's size and CRC-32 at its end (the importer drains what a parser left).
//!
//! Read: the end of central directory (ZIP64 too), the central directory streamed
//! record by record, the local header of an entry when it is opened. Methods: stored,
//! deflate, deflate64. Encrypted entries are flagged (the caller refuses the dump).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};

/// One central-directory record, as the listing sees it.
#[derive(Debug)]
pub(crate) struct Listed {
    /// The raw name (lossily decoded when it is not UTF-8).
    pub name: String,
    pub is_dir: bool,
    pub is_symlink: bool,
    pub encrypted: bool,
    pub method: u16,
    pub compressed: u64,
    pub size: u64,
}

/// Where an entry's data are, as much as reading needs (kept small: a dump may have
/// a million entries).
#[derive(Clone, Copy, Debug)]
struct Loc {
    /// Offset of the local header.
    offset: u64,
    /// The data may not reach past this offset (the next entry's local header, or the
    /// central directory).
    bound: u64,
    crc: u32,
    method: u16,
}

/// The listing of a zip.
pub(crate) struct ZipIndex {
    entries: Vec<Loc>,
    file: Arc<File>,
    /// Bytes before the first local header (a self-extracting stub), added to offsets.
    base: u64,
}

fn corrupt(path: &Path, msg: impl Into<String>) -> Error {
    Error::Container {
        path: path.display().to_string(),
        message: msg.into(),
    }
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buf, off)
}
#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], off: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buf, off)
}

fn read_exact_at(f: &File, buf: &mut [u8], mut off: u64) -> io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let Some(rest) = buf.get_mut(done..) else {
            break;
        };
        match read_at(f, rest, off) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                done += n;
                off += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A byte range of the file, read with positioned reads (no shared cursor).
struct Range {
    file: Arc<File>,
    pos: u64,
    end: u64,
}

impl Read for Range {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.end.saturating_sub(self.pos);
        if left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let n = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
        let Some(b) = buf.get_mut(..n) else {
            return Ok(0);
        };
        let k = read_at(&self.file, b, self.pos)?;
        if k == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the zip ends inside an entry's data (truncated)",
            ));
        }
        self.pos += k as u64;
        Ok(k)
    }
}

const EOCD: &[u8; 4] = b"PK\x05\x06";
const EOCD64_LOC: &[u8; 4] = b"PK\x06\x07";
const EOCD64: &[u8; 4] = b"PK\x06\x06";
const CDH: &[u8; 4] = b"PK\x01\x02";
const LFH: &[u8; 4] = b"PK\x03\x04";

impl ZipIndex {
    /// Read the central directory of the zip at `path` (at most `max_entries`
    /// records), handing each record to `each` with its index.
    pub fn open(
        path: &Path,
        max_entries: u64,
        mut each: impl FnMut(usize, Listed) -> Result<()>,
    ) -> Result<ZipIndex> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        // the end of central directory record: 22 bytes and a comment of up to 64 KiB
        let tail_len = len.min(22 + 65535);
        let tail_start = len - tail_len;
        let mut tail = vec![0u8; usize::try_from(tail_len).unwrap_or(0)];
        read_exact_at(&file, &mut tail, tail_start).map_err(|e| Error::io(path, e))?;
        let eocd = (0..tail.len().saturating_sub(21))
            .rev()
            .find(|&i| {
                tail.get(i..i + 4) == Some(EOCD)
                    && u16_at(&tail, i + 20)
                        .is_some_and(|c| i + 22 + usize::from(c) <= tail.len())
            })
            .ok_or_else(|| {
                corrupt(
                    path,
                    "corrupt or truncated zip: no end of central directory (the download may have stopped early)",
                )
            })?;
        let rec = tail.get(eocd..).unwrap_or_default();
        let field16 = |i| u16_at(rec, i).unwrap_or(0);
        let field32 = |i| u32_at(rec, i).unwrap_or(0);
        let (disk, cd_disk) = (field16(4), field16(6));
        let mut count = u64::from(field16(10));
        let mut cd_size = u64::from(field32(12));
        let mut cd_offset = u64::from(field32(16));
        let eocd_pos = tail_start + eocd as u64;
        let mut cd_end = eocd_pos;
        let wants64 = count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF;
        if (disk != 0 || cd_disk != 0) && !wants64 {
            return Err(corrupt(
                path,
                "a split (multi-volume) zip: join its parts into one file first (zip -s 0)",
            ));
        }
        if eocd_pos >= 20 {
            let mut loc = [0u8; 20];
            if read_exact_at(&file, &mut loc, eocd_pos - 20).is_ok() && &loc[..4] == EOCD64_LOC {
                let at = u64_at(&loc, 8).unwrap_or(0);
                let mut r64 = [0u8; 56];
                if read_exact_at(&file, &mut r64, at).is_ok() && &r64[..4] == EOCD64 {
                    count = u64_at(&r64, 32).unwrap_or(0);
                    cd_size = u64_at(&r64, 40).unwrap_or(0);
                    cd_offset = u64_at(&r64, 48).unwrap_or(0);
                    cd_end = at;
                } else if wants64 {
                    return Err(corrupt(
                        path,
                        "corrupt zip: its ZIP64 end record is missing",
                    ));
                }
            } else if wants64 && count == 0xFFFF && cd_size != 0xFFFF_FFFF {
                // 65535 entries exactly, or a writer that wrapped the count: the size
                // of the central directory still tells where it ends
            } else if wants64 {
                return Err(corrupt(
                    path,
                    "corrupt zip: its ZIP64 end record is missing",
                ));
            }
        }
        // a stub before the zip (self-extracting) shifts every offset
        let base = cd_end
            .checked_sub(cd_size)
            .and_then(|s| s.checked_sub(cd_offset))
            .ok_or_else(|| {
                corrupt(
                    path,
                    "corrupt zip: the central directory lies outside the file",
                )
            })?;
        let cd_start = cd_offset.saturating_add(base);
        if count > max_entries {
            return Err(Error::Limit {
                what: "number of entries",
                limit: max_entries,
                path: path.display().to_string(),
            });
        }
        let file = Arc::new(file);
        let mut r = BufReader::with_capacity(
            1 << 16,
            Range {
                file: file.clone(),
                pos: cd_start,
                end: cd_start.saturating_add(cd_size),
            },
        );
        // room for what the directory declares, as far as its size allows
        let room = usize::try_from(count.min(cd_size / 46)).unwrap_or(0);
        let mut entries: Vec<Loc> = Vec::with_capacity(room);
        // where each entry's data end at the least (dropped once checked)
        let mut ends: Vec<u64> = Vec::with_capacity(room);
        let mut head = [0u8; 46];
        let mut name = Vec::new();
        let mut extra = Vec::new();
        loop {
            if r.fill_buf().map_err(|e| Error::io(path, e))?.is_empty() {
                break;
            }
            r.read_exact(&mut head)
                .map_err(|_| corrupt(path, "corrupt zip: the central directory is truncated"))?;
            if &head[..4] != CDH {
                return Err(corrupt(
                    path,
                    format!(
                        "corrupt zip: central directory record {} has a bad signature",
                        entries.len()
                    ),
                ));
            }
            if entries.len() as u64 >= max_entries {
                return Err(Error::Limit {
                    what: "number of entries",
                    limit: max_entries,
                    path: path.display().to_string(),
                });
            }
            let h16 = |i| u16_at(&head, i).unwrap_or(0);
            let h32 = |i| u32_at(&head, i).unwrap_or(0);
            let made_by = h16(4);
            let flags = h16(8);
            let method = h16(10);
            let crc = h32(16);
            let mut compressed = u64::from(h32(20));
            let mut size = u64::from(h32(24));
            let (nlen, xlen, clen) = (
                usize::from(h16(28)),
                usize::from(h16(30)),
                u64::from(h16(32)),
            );
            let ext_attr = h32(38);
            let mut offset = u64::from(h32(42));
            name.resize(nlen, 0);
            extra.resize(xlen, 0);
            r.read_exact(&mut name)
                .and_then(|_| r.read_exact(&mut extra))
                .map_err(|_| corrupt(path, "corrupt zip: the central directory is truncated"))?;
            io::copy(&mut (&mut r).take(clen), &mut io::sink()).map_err(|e| Error::io(path, e))?;
            // ZIP64 extended information: the 32-bit fields that are all ones, in order
            let mut x = 0usize;
            while x + 4 <= extra.len() {
                let id = u16_at(&extra, x).unwrap_or(0);
                let n = usize::from(u16_at(&extra, x + 2).unwrap_or(0));
                let body = extra.get(x + 4..x + 4 + n).unwrap_or_default();
                if id == 0x0001 {
                    let mut p = 0;
                    for field in [&mut size, &mut compressed, &mut offset] {
                        if *field == 0xFFFF_FFFF {
                            if let Some(v) = u64_at(body, p) {
                                *field = v;
                                p += 8;
                            }
                        }
                    }
                }
                x += 4 + n;
            }
            let name_s = String::from_utf8_lossy(&name).into_owned();
            let unix = made_by >> 8 == 3;
            each(
                entries.len(),
                Listed {
                    is_dir: name_s.ends_with('/'),
                    is_symlink: unix && (ext_attr >> 16) & 0o170000 == 0o120000,
                    encrypted: flags & 1 != 0 || flags & 0x40 != 0 || method == 99,
                    name: name_s,
                    method,
                    compressed,
                    size,
                },
            )?;
            ends.push(offset.saturating_add(30).saturating_add(compressed));
            entries.push(Loc {
                method,
                crc,
                offset,
                bound: cd_offset,
            });
        }
        // Where each entry's data may end: the next local header. Entries that share
        // data, or whose data run into the next entry, are a forgery (a "zip bomb" that
        // points many names at one deflated blob); a real zip never has them.
        let mut order: Vec<u32> = (0..entries.len() as u32).collect();
        order.sort_unstable_by_key(|&i| entries.get(i as usize).map_or(0, |e| e.offset));
        let mut overlapping = 0u64;
        for w in order.windows(2) {
            let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
                continue;
            };
            let next = entries.get(b as usize).map_or(0, |e| e.offset);
            let end = ends.get(a as usize).copied().unwrap_or(0);
            if let Some(e) = entries.get_mut(a as usize) {
                // a local header is at least 30 bytes, then the data
                if e.offset == next || end > next {
                    overlapping += 1;
                }
                e.bound = next.min(cd_offset);
            }
        }
        if let Some(&last) = order.last() {
            if ends.get(last as usize).is_some_and(|&end| end > cd_offset) {
                overlapping += 1;
            }
        }
        drop(ends);
        if overlapping > 0 {
            return Err(corrupt(
                path,
                format!(
                    "not a well-formed zip: {overlapping} entr{} overlap the data of another \
                     (a forged zip that would inflate one blob many times); refusing it",
                    if overlapping == 1 {
                        "y's data"
                    } else {
                        "ies' data"
                    }
                ),
            ));
        }
        Ok(ZipIndex {
            entries,
            file,
            base,
        })
    }

    /// A stream of entry `i`'s uncompressed bytes (`size` of them from `compressed`,
    /// as listed); its
    /// size and CRC-32 are checked when it ends.
    pub fn open_entry(
        &self,
        i: usize,
        size: u64,
        compressed: u64,
    ) -> io::Result<Box<dyn Read + Send>> {
        let e = *self
            .entries
            .get(i)
            .ok_or_else(|| io::Error::other("no such entry"))?;
        let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
        let at = e.offset.saturating_add(self.base);
        let mut lh = [0u8; 30];
        read_exact_at(&self.file, &mut lh, at)
            .map_err(|_| bad("the zip is truncated: an entry's local header is missing"))?;
        if &lh[..4] != LFH {
            return Err(bad(
                "corrupt zip: an entry's local header has a bad signature",
            ));
        }
        let start = at
            .saturating_add(30)
            .saturating_add(u64::from(u16_at(&lh, 26).unwrap_or(0)))
            .saturating_add(u64::from(u16_at(&lh, 28).unwrap_or(0)));
        let end = start.saturating_add(compressed);
        if end > e.bound.saturating_add(self.base) {
            return Err(bad(
                "not a well-formed zip: this entry's data overlap the next entry",
            ));
        }
        let raw = BufReader::with_capacity(
            1 << 16,
            Range {
                file: self.file.clone(),
                pos: start,
                end,
            },
        );
        let inner: Box<dyn Read + Send> = match e.method {
            0 => Box::new(raw),
            8 => Box::new(flate2::bufread::DeflateDecoder::new(raw)),
            9 => Box::new(deflate64::Deflate64Decoder::with_buffer(raw)),
            m => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    format!("compression method {m} is not supported"),
                ))
            }
        };
        Ok(Box::new(Checked {
            inner,
            crc: crc32fast::Hasher::new(),
            read: 0,
            size,
            want: e.crc,
        }))
    }
}

/// Counts and hashes what it passes on; at the end, the size and CRC-32 must be the
/// central directory's.
struct Checked {
    inner: Box<dyn Read + Send>,
    crc: crc32fast::Hasher,
    read: u64,
    size: u64,
    want: u32,
}

impl Read for Checked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            if self.read != self.size {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "corrupt zip entry: {} bytes instead of the {} its directory declares",
                        self.read, self.size
                    ),
                ));
            }
            let got = std::mem::take(&mut self.crc).finalize();
            if got != self.want {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "corrupt zip entry: bad CRC-32 ({got:08x}, the directory says {:08x}); \
                         the download is damaged, get it again",
                        self.want
                    ),
                ));
            }
            // a second read at the end is not checked again
            self.crc = crc32fast::Hasher::new();
            self.want = 0;
            self.size = self.read;
            return Ok(0);
        }
        let chunk = buf.get(..n).unwrap_or_default();
        self.crc.update(chunk);
        self.read += n as u64;
        if self.read > self.size {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "corrupt zip entry: more data than the {} bytes its directory declares",
                    self.size
                ),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crc(b: &[u8]) -> u32 {
        let mut h = crc32fast::Hasher::new();
        h.update(b);
        h.finalize()
    }

    /// One stored entry whose central record keeps its sizes and offset in a ZIP64
    /// extra field, and a ZIP64 end record.
    fn zip64(data: &[u8], name: &[u8]) -> Vec<u8> {
        let mut z = Vec::new();
        z.extend_from_slice(b"PK\x03\x04");
        for v in [45u16, 0, 0, 0, 0] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc(data), data.len() as u32, data.len() as u32] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes());
        z.extend_from_slice(name);
        z.extend_from_slice(data);
        let cd_at = z.len() as u64;
        let mut extra = Vec::new();
        extra.extend_from_slice(&1u16.to_le_bytes());
        extra.extend_from_slice(&24u16.to_le_bytes());
        for v in [data.len() as u64, data.len() as u64, 0] {
            extra.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(b"PK\x01\x02");
        for v in [45u16, 45, 0, 0, 0, 0] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc(data), u32::MAX, u32::MAX] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [name.len() as u16, extra.len() as u16, 0, 0, 0] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(&u32::MAX.to_le_bytes());
        z.extend_from_slice(name);
        z.extend_from_slice(&extra);
        let cd_size = z.len() as u64 - cd_at;
        let eocd64 = z.len() as u64;
        z.extend_from_slice(b"PK\x06\x06");
        z.extend_from_slice(&44u64.to_le_bytes());
        for v in [45u16, 45] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [0u32, 0] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [1u64, 1, cd_size, cd_at] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(b"PK\x06\x07");
        z.extend_from_slice(&0u32.to_le_bytes());
        z.extend_from_slice(&eocd64.to_le_bytes());
        z.extend_from_slice(&1u32.to_le_bytes());
        z.extend_from_slice(b"PK\x05\x06");
        for v in [0u16, 0, 0xFFFF, 0xFFFF] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        for v in [u32::MAX, u32::MAX] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&0u16.to_le_bytes());
        z
    }

    #[test]
    fn zip64_records_and_extra_fields_are_read() {
        let dir = std::env::temp_dir().join(format!("lifeboat-zip64-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("z.zip");
        std::fs::write(&p, zip64(b"hello, zip64", b"a/b.txt")).unwrap();
        let mut seen = Vec::new();
        let z = ZipIndex::open(&p, 10, |i, l| {
            seen.push((i, l.name, l.size, l.compressed));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, vec![(0, "a/b.txt".to_string(), 12, 12)]);
        let mut s = String::new();
        z.open_entry(0, 12, 12)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "hello, zip64");
        // a lying size is caught at the end of the entry
        let mut s = Vec::new();
        assert!(z
            .open_entry(0, 11, 12)
            .unwrap()
            .read_to_end(&mut s)
            .is_err());
        // too many entries for the limit
        assert!(ZipIndex::open(&p, 0, |_, _| Ok(())).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("lifeboat-zipbad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("z.zip");
        let good = zip64(b"data", b"x");
        for cut in 0..good.len() {
            std::fs::write(&p, &good[..cut]).unwrap();
            if let Ok(z) = ZipIndex::open(&p, 10, |_, _| Ok(())) {
                if let Ok(mut r) = z.open_entry(0, 4, 4) {
                    let _ = r.read_to_end(&mut Vec::new());
                }
            }
        }
        let mut flipped = good.clone();
        for i in 0..flipped.len() {
            flipped[i] ^= 0xFF;
            std::fs::write(&p, &flipped).unwrap();
            if let Ok(z) = ZipIndex::open(&p, 10, |_, _| Ok(())) {
                if let Ok(mut r) = z.open_entry(0, 4, 4) {
                    let _ = r.read_to_end(&mut Vec::new());
                }
            }
            flipped[i] ^= 0xFF;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
