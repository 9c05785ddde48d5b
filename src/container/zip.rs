//! Opening a zip: its central directory read into the entry list.

use super::*;

impl Container {
    pub(super) fn open_zip(&mut self) -> Result<()> {
        let mut encrypted = 0u64;
        let mut files = 0u64;
        let entries = &mut self.entries;
        let z = zipread::ZipIndex::open(&self.path, self.limits.max_entries, |i, f| {
            if f.is_dir {
                return Ok(());
            }
            files += 1;
            let (name, mut refused) = match check_entry_name(&f.name) {
                Ok(n) => (n, None),
                Err(r) => (f.name, Some(r.to_string())),
            };
            if f.encrypted {
                encrypted += 1;
            }
            if refused.is_none() && f.is_symlink {
                refused = Some("symbolic link (not followed)".into());
            }
            if refused.is_none() && !matches!(f.method, 0 | 8 | 9) {
                refused = Some(format!(
                    "compression method {} is not supported (stored, deflate and deflate64 are)",
                    f.method
                ));
            }
            entries.push(Entry {
                name,
                size: f.size,
                refused: refused.as_deref().map_or(0, reason_code),
                compressed: f.compressed,
                slot: u32::try_from(i).unwrap_or(u32::MAX),
                prefix: 0,
            });
            Ok(())
        })?;
        if encrypted > 0 {
            return Err(Error::Container {
                path: self.path.display().to_string(),
                message: format!(
                    "is password-protected ({encrypted} of {files} entries are encrypted), and \
                     lifeboat does not read encrypted zips: download the export again (the \
                     network's own zip has no password), or unpack it and zip it again without one"
                ),
            });
        }
        self.inner = Inner::Zip(z);
        Ok(())
    }
}
