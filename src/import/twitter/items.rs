//! Reading a data file's items (`window.YTD.<name>.part0 = [ … ]`), counted against
//! the manifest.

use super::*;

impl Twitter {
    /// Read the items of a data file as JSON values.
    pub(super) fn read_items(
        &mut self,
        entry: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
        kind: Kind,
        mut f: impl FnMut(&mut Self, Value, Source, &mut Context) -> Result<()>,
    ) -> Result<u64> {
        self.read_item_bytes(entry, r, cx, kind, |t, bytes, src, cx| {
            let mut repaired = false;
            let v = parse_value(bytes, &mut repaired);
            if repaired {
                cx.report.repair("encoding");
            }
            match v {
                Ok(v) => f(t, v, src, cx),
                Err(m) => {
                    cx.report
                        .skipped(kind, format!("not valid JSON: {m}"), loc(&src));
                    Ok(())
                }
            }
        })
    }

    /// Read the items of a data file as byte slices; check the count against the
    /// manifest.
    pub(super) fn read_item_bytes(
        &mut self,
        entry: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
        kind: Kind,
        mut f: impl FnMut(&mut Self, &[u8], Source, &mut Context) -> Result<()>,
    ) -> Result<u64> {
        let name = entry.name.as_str();
        let limits = cx.limits;
        let each = |index: u64, bytes: Result<&[u8], ItemFault>| -> Result<()> {
            match bytes {
                Ok(b) => f(self, b, Source::at(name, index), cx),
                Err(fault) => {
                    cx.report
                        .skipped(kind, fault.message.clone(), format!("{name}#{index}"));
                    if fault.fatal {
                        cx.report.warn(format!(
                            "{name}: reading stopped at item {index}: the rest of the file is not valid JSON"
                        ));
                        cx.report.unreadable(name, fault.position, fault.message);
                    }
                    Ok(())
                }
            }
        };
        // big files are read and split on the other core while this one maps
        let n = if entry.size > THREADED_BYTES {
            stream_items_threaded(r, limits, each)
        } else {
            stream_items(r, limits, each)
        }
        .map_err(|e| match e {
            crate::error::Error::Io { source, .. } => crate::error::Error::io(name, source),
            e => e,
        })?;
        // the manifest names files from the archive root; a re-zipped dump may have a
        // folder above it
        let want = self.manifest_counts.get(&entry.name).copied().or_else(|| {
            self.manifest_counts
                .iter()
                .find(|(k, _)| manifest_names(k, &entry.name))
                .map(|(_, v)| *v)
        });
        if let Some(want) = want {
            cx.report
                .reconcile(format!("manifest.js: {}", entry.name), want, n, None);
            if want != n {
                cx.report.warn(format!(
                    "{}: manifest.js says {want} items, {n} were read",
                    entry.name
                ));
            }
        }
        Ok(n)
    }
}

/// Read a small wrapped item into typed fields, or report why it was skipped.
pub(super) fn flat_or_skip<'a, T>(
    b: &'a [u8],
    kind: Kind,
    src: &Source,
    cx: &mut Context,
) -> Option<T>
where
    T: serde::Deserialize<'a> + raw::Open + Default,
{
    let mut repaired = false;
    let f = parse_flat::<T>(b, &mut repaired);
    if repaired {
        cx.report.repair("encoding");
    }
    match f {
        Ok(Some(f)) => Some(f),
        Ok(None) => {
            cx.report.skipped(kind, "item is not an object", loc(src));
            None
        }
        Err(m) => {
            cx.report
                .skipped(kind, format!("not valid JSON: {m}"), loc(src));
            None
        }
    }
}
