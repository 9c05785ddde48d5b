//! Opening a tar.gz: read once, each entry spooled to a numbered file.

use super::*;

/// Whether a gzip file holds a tar: its first 512-byte block, decompressed, carries
/// the `ustar` magic (POSIX and GNU tar both write it).
pub(super) fn is_tar_gz(path: &Path) -> Result<bool> {
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut gz = flate2::read::MultiGzDecoder::new(BufReader::new(f));
    let mut block = [0u8; 512];
    match read_up_to(&mut gz, &mut block) {
        Ok(n) => Ok(n == 512 && block[257..262] == *b"ustar"),
        // a gzip too broken to give one block: the tar reader reports it
        Err(_) => Ok(true),
    }
}

impl Container {
    pub(super) fn open_targz(&mut self, spool_dir: Option<&Path>) -> Result<()> {
        let base = spool_dir
            .map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir);
        let dir = unique_dir(&base, "spool")?;
        let spool = Spool { dir: dir.clone() };
        let f = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let compressed = Rc::new(Cell::new(0u64));
        let counted = CountingReader {
            inner: BufReader::with_capacity(1 << 16, f),
            count: compressed.clone(),
        };
        let gz = flate2::read::MultiGzDecoder::new(counted);
        let mut ar = ::tar::Archive::new(gz);
        let bad = |e: io::Error, path: &Path| -> Error {
            if Tripwire::find(&e).is_some() {
                return Error::io(path, e);
            }
            Error::Container {
                path: path.display().to_string(),
                message: format!("corrupt or truncated tar.gz: {e}"),
            }
        };
        let entries = ar.entries().map_err(|e| bad(e, &self.path))?;
        let mut slot = 0usize;
        for ent in entries {
            let mut ent = ent.map_err(|e| bad(e, &self.path))?;
            let raw = String::from_utf8_lossy(&ent.path_bytes()).into_owned();
            let ty = ent.header().entry_type();
            if ty.is_dir()
                || ty.is_pax_global_extensions()
                || ty.is_pax_local_extensions()
                || ty.is_gnu_longname()
            {
                continue;
            }
            if self.entries.len() as u64 >= self.limits.max_entries {
                return Err(Error::Limit {
                    what: "number of entries",
                    limit: self.limits.max_entries,
                    path: self.path.display().to_string(),
                });
            }
            let mut refused = check_entry_name(&raw).err().map(str::to_string);
            let name = check_entry_name(&raw).unwrap_or(raw);
            if refused.is_none() {
                if ty.is_symlink() || ty.is_hard_link() {
                    refused = Some("link inside the archive (not followed)".into());
                } else if !(ty.is_file() || ty.is_contiguous()) {
                    refused = Some(format!(
                        "unsupported tar entry type {:?}",
                        ty.as_byte() as char
                    ));
                }
            }
            let size = ent.header().size().unwrap_or(0);
            if refused.is_none() {
                let target = dir.join(slot.to_string());
                // an error names the entry, never the private spool folder
                let mut out = File::create(&target).map_err(|e| Error::Container {
                    path: name.clone(),
                    message: format!("cannot be spooled: {e}"),
                })?;
                let mut lim = LimitedReader {
                    inner: &mut ent,
                    name: &name,
                    read: 0,
                    limits: &self.limits,
                    compressed: None,
                    stream_compressed: Some(&compressed),
                    total: &self.total,
                    interrupt: self.interrupt.as_deref(),
                };
                io::copy(&mut lim, &mut out).map_err(|e| bad(e, &self.path))?;
            }
            self.entries.push(Entry {
                name,
                size,
                refused: refused.as_deref().map_or(0, reason_code),
                compressed: NO_SIZE,
                slot: u32::try_from(slot).unwrap_or(u32::MAX),
                prefix: 0,
            });
            slot += 1;
        }
        // The tar ends before the gzip stream does: read the rest, so that the gzip
        // trailer's CRC-32 and length are checked (and trailing garbage is bounded).
        let mut rest = LimitedReader {
            inner: ar.into_inner(),
            name: "(end of the tar.gz)",
            read: 0,
            limits: &self.limits,
            compressed: None,
            stream_compressed: Some(&compressed),
            total: &self.total,
            interrupt: self.interrupt.as_deref(),
        };
        io::copy(&mut rest, &mut io::sink()).map_err(|e| bad(e, &self.path))?;
        // Reading the spool later must not count these bytes twice.
        self.total.store(0, Ordering::Relaxed);
        self.inner = Inner::Spool(spool);
        Ok(())
    }
}
