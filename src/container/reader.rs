//! The entry streams: counted, and held to the limits as they are read.

use super::*;

pub(super) struct CountingReader<R> {
    pub(super) inner: R,
    pub(super) count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Enforces the per-entry, ratio and total limits on a stream.
pub(super) struct LimitedReader<'a, R> {
    pub(super) inner: R,
    pub(super) name: &'a str,
    pub(super) read: u64,
    pub(super) limits: &'a Limits,
    pub(super) compressed: Option<u64>,
    pub(super) stream_compressed: Option<&'a Rc<Cell<u64>>>,
    pub(super) total: &'a AtomicU64,
    pub(super) interrupt: Option<&'a AtomicBool>,
}

pub(super) fn check(
    name: &str,
    read: u64,
    total: u64,
    compressed: Option<u64>,
    dump_bytes: Option<u64>,
    limits: &Limits,
    interrupt: Option<&AtomicBool>,
) -> io::Result<()> {
    let trip = |what: &'static str, limit: u64| {
        Err(Tripwire::Limit {
            what,
            limit,
            path: name.to_string(),
        }
        .into_io())
    };
    if read > limits.max_entry_bytes {
        return trip("entry size", limits.max_entry_bytes);
    }
    if total > limits.max_total_bytes {
        return trip("total decompressed size", limits.max_total_bytes);
    }
    if let Some(c) = compressed {
        if read > limits.ratio_grace_bytes && read / c.max(1) > limits.max_ratio {
            return trip("compression ratio", limits.max_ratio);
        }
    }
    // the whole dump: everything inflated so far against the size of the file, so
    // that many entries each under the grace size cannot add up to a disk's worth
    if let Some(d) = dump_bytes {
        if total > limits.ratio_grace_bytes && total / d.max(1) > limits.max_ratio {
            return trip("compression ratio of the whole dump", limits.max_ratio);
        }
    }
    if let Some(f) = interrupt {
        if f.load(Ordering::Relaxed) {
            return Err(Tripwire::Interrupted.into_io());
        }
    }
    Ok(())
}

impl<R: Read> Read for LimitedReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        check(
            self.name,
            self.read,
            total,
            self.compressed,
            None,
            self.limits,
            self.interrupt,
        )?;
        if let Some(c) = self.stream_compressed {
            // A stream has no per-entry compressed size: compare everything decompressed
            // so far with everything read from the file.
            if total > self.limits.ratio_grace_bytes
                && total / c.get().max(1) > self.limits.max_ratio
            {
                return Err(Tripwire::Limit {
                    what: "compression ratio",
                    limit: self.limits.max_ratio,
                    path: self.name.to_string(),
                }
                .into_io());
            }
        }
        Ok(n)
    }
}

pub(super) struct OwnedLimited<'a> {
    pub(super) inner: Box<dyn Read + Send + 'a>,
    pub(super) name: String,
    pub(super) read: u64,
    pub(super) limits: Limits,
    pub(super) compressed: Option<u64>,
    /// A zip's (or a gzip's) size on disk: the budget of the whole dump.
    pub(super) dump_bytes: Option<u64>,
    pub(super) total: Arc<AtomicU64>,
    pub(super) interrupt: Option<Arc<AtomicBool>>,
}

impl Read for OwnedLimited<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.total.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        check(
            &self.name,
            self.read,
            total,
            self.compressed,
            self.dump_bytes,
            &self.limits,
            self.interrupt.as_deref(),
        )?;
        Ok(n)
    }
}
