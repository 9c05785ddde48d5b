//! Getting at the records of one WARC entry: its raw bytes are copied as they are read
//! (the WARC is carried verbatim into the archive beside what is made of it), a gzip
//! stream (one member per record, or one for all) is undone under the ratio and size
//! limits of the containers, and decoded bodies are spooled before they are stored.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::container::Limits;
use crate::error::{Error, Result, Tripwire};

/// A private folder, removed on drop.
pub(crate) struct TempDir(pub PathBuf);

impl TempDir {
    pub(crate) fn new(spool: Option<&Path>) -> Result<TempDir> {
        let base = spool
            .map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir);
        Ok(TempDir(crate::container::unique_dir(&base, "warc")?))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies what is read through it to a file.
pub(crate) struct Tee<'a> {
    inner: &'a mut dyn Read,
    out: BufWriter<File>,
    /// Raw bytes read so far.
    pub count: Rc<Cell<u64>>,
}

impl<'a> Tee<'a> {
    pub(crate) fn new(inner: &'a mut dyn Read, copy: &Path) -> Result<Self> {
        let f = File::create(copy).map_err(|e| Error::io(copy, e))?;
        Ok(Tee {
            inner,
            out: BufWriter::with_capacity(1 << 16, f),
            count: Rc::new(Cell::new(0)),
        })
    }

    /// Read the rest of the entry (copying it) and close the copy.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        io::copy(&mut self, &mut io::sink())?;
        self.out.flush()
    }
}

impl Read for Tee<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out.write_all(&buf[..n])?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Stops a decompressed stream at the limits: bytes of one entry, and past the grace
/// size the ratio to the compressed bytes read.
struct Ratio<R> {
    inner: R,
    compressed: Rc<Cell<u64>>,
    out: u64,
    limits: Limits,
    name: String,
}

impl<R: Read> Read for Ratio<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        let trip = |what: &'static str, limit: u64, name: &str| {
            Err(Tripwire::Limit {
                what,
                limit,
                path: name.to_string(),
            }
            .into_io())
        };
        if self.out > self.limits.max_entry_bytes {
            return trip("entry size", self.limits.max_entry_bytes, &self.name);
        }
        if self.out > self.limits.ratio_grace_bytes
            && self.out / self.compressed.get().max(1) > self.limits.max_ratio
        {
            return trip("compression ratio", self.limits.max_ratio, &self.name);
        }
        Ok(n)
    }
}

/// The plain WARC stream of an entry read through `tee`: gzip undone when the entry
/// starts with a gzip member. Returns the stream and whether it was gzipped.
pub(crate) fn plain<'t>(
    tee: &'t mut Tee<'_>,
    limits: &Limits,
    name: &str,
) -> io::Result<(Box<dyn Read + 't>, bool)> {
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        match tee.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let count = tee.count.clone();
    let start = io::Cursor::new(head[..got].to_vec());
    let gz = head[..got] == [0x1f, 0x8b];
    let stream = start.chain(tee);
    if gz {
        Ok((
            Box::new(Ratio {
                inner: flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, stream)),
                compressed: count,
                out: 0,
                limits: limits.clone(),
                name: name.to_string(),
            }),
            true,
        ))
    } else {
        Ok((Box::new(stream), false))
    }
}

/// A decoded body, in memory when small, else in a file.
pub(crate) enum Spooled {
    Memory(Vec<u8>),
    File(PathBuf),
}

/// Bodies larger than this go to a file.
const IN_MEMORY: usize = 8 << 20;

impl Spooled {
    /// Read `r` to its end into memory or, past [`IN_MEMORY`], a file in `dir`.
    pub(crate) fn read(r: &mut dyn Read, dir: &Path, n: u64) -> io::Result<Spooled> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1 << 16];
        loop {
            let k = match r.read(&mut chunk) {
                Ok(0) => return Ok(Spooled::Memory(buf)),
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            buf.extend_from_slice(&chunk[..k]);
            if buf.len() > IN_MEMORY {
                break;
            }
        }
        let path = dir.join(format!("body-{n}"));
        let mut f = BufWriter::new(File::create(&path)?);
        f.write_all(&buf)?;
        drop(buf);
        loop {
            let k = match r.read(&mut chunk) {
                Ok(0) => break,
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
            };
            f.write_all(&chunk[..k])?;
        }
        f.flush()?;
        Ok(Spooled::File(path))
    }

    /// A reader of the body.
    pub(crate) fn reader(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(match self {
            Spooled::Memory(v) => Box::new(&v[..]),
            Spooled::File(p) => Box::new(BufReader::new(File::open(p)?)),
        })
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        if let Spooled::File(p) = self {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gzip_bomb_inside_a_warc_is_a_limit() {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![b'a'; 4 << 20]).unwrap();
        let bomb = e.finish().unwrap();
        let dir = TempDir::new(None).unwrap();
        let mut src: &[u8] = &bomb;
        let mut tee = Tee::new(&mut src, &dir.0.join("copy")).unwrap();
        let limits = Limits {
            ratio_grace_bytes: 1 << 20,
            ..Limits::default()
        };
        let (mut s, gz) = plain(&mut tee, &limits, "x.warc.gz").unwrap();
        assert!(gz);
        let err = io::copy(&mut s, &mut io::sink()).unwrap_err();
        assert!(Tripwire::find(&err).is_some(), "{err}");
        drop(s);
        tee.finish().unwrap();
        // the copy holds the entry as it was
        assert_eq!(std::fs::read(dir.0.join("copy")).unwrap(), bomb);
    }

    #[test]
    fn plain_streams_pass_and_large_bodies_spool_to_files() {
        let dir = TempDir::new(None).unwrap();
        let data = b"WARC/1.0\r\n".to_vec();
        let mut src: &[u8] = &data;
        let mut tee = Tee::new(&mut src, &dir.0.join("copy")).unwrap();
        let (mut s, gz) = plain(&mut tee, &Limits::default(), "x").unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        assert_eq!((gz, out.as_slice()), (false, &b"WARC/1.0\r\n"[..]));
        let big = vec![7u8; IN_MEMORY + 10];
        let sp = Spooled::read(&mut &big[..], &dir.0, 1).unwrap();
        assert!(matches!(sp, Spooled::File(_)));
        let mut back = Vec::new();
        sp.reader().unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back.len(), big.len());
    }
}
