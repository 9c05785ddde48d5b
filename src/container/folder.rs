//! Opening a folder: walked without following links.

use super::*;

pub(super) fn walk(
    root: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<Entry>,
    limits: &Limits,
) -> Result<()> {
    if depth > names::MAX_NAME_DEPTH {
        // listed as one refused entry; the import goes on without what lies below
        out.push(Entry {
            name: prefix.to_string(),
            size: 0,
            refused: reason_code("a folder nested deeper than 64 folders (not read)"),
            compressed: NO_SIZE,
            slot: 0,
            prefix: 0,
        });
        return Ok(());
    }
    let dir = root.join(prefix);
    let rd = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    for ent in rd {
        let ent = ent.map_err(|e| Error::io(&dir, e))?;
        let fname = ent.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            fname.clone()
        } else {
            format!("{prefix}/{fname}")
        };
        let ft = ent.file_type().map_err(|e| Error::io(ent.path(), e))?;
        if ft.is_dir() {
            walk(root, &rel, depth + 1, out, limits)?;
            continue;
        }
        if out.len() as u64 >= limits.max_entries {
            return Err(Error::Limit {
                what: "number of entries",
                limit: limits.max_entries,
                path: root.display().to_string(),
            });
        }
        let mut refused = check_entry_name(&rel).err().map(str::to_string);
        if refused.is_none() && ft.is_symlink() {
            refused = Some("symbolic link (not followed)".into());
        } else if refused.is_none() && !ft.is_file() {
            refused = Some("not a regular file".into());
        }
        let size = if ft.is_file() {
            ent.metadata().map(|m| m.len()).unwrap_or(0)
        } else {
            0
        };
        out.push(Entry {
            name: rel,
            size,
            refused: refused.as_deref().map_or(0, reason_code),
            compressed: NO_SIZE,
            slot: 0,
            prefix: 0,
        });
    }
    Ok(())
}
