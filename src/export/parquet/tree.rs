//! The dataset's folder tree, shared by the exports of many archives:
//!
//! ```text
//! OUT/
//!   .lifeboat-export                                   parquet
//!   record=post/network=twitter/account=<owner id>/part-<archive id>.parquet
//!   catalog/part-<archive id>.parquet
//! ```
//!
//! Each archive writes only files named after its own id ([`crate::Archive::id`]), so
//! exporting a second archive into the same folder adds files beside the first's, and
//! exporting an archive again replaces its own files and nothing else. New files are
//! written under hidden temporary names (which Parquet readers skip) and renamed into
//! place once every one of them is complete; then the archive's files that the new
//! export no longer has (a partition it left) are removed.

use std::path::{Path, PathBuf};

use super::super::out::{check_out, clear, MARKER};
use super::super::{Format, Shape};
use crate::error::{Error, Result};

/// The Hive partition key of the record kind (`record=post`): not `kind`, which is a
/// column of media, relationships and reactions.
pub(crate) const RECORD_KEY: &str = "record";

/// The folder of the catalog's files.
pub(crate) const CATALOG_DIR: &str = "catalog";

/// A Hive partition value: letters, digits, `-`, `_` and `.` as they are, anything
/// else percent-encoded (so that no value makes a path of its own; readers decode it),
/// and Hive's default partition (read back as null) for an empty one.
pub(crate) fn partition_value(v: &str) -> String {
    if v.is_empty() || v == "." || v == ".." {
        return "__HIVE_DEFAULT_PARTITION__".to_string();
    }
    let mut s = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The name of an archive's file in each partition.
pub(crate) fn part_name(archive_id: &str) -> String {
    format!("part-{archive_id}.parquet")
}

/// Make `out` ready to take an archive's files: refuse what [`check_out`] refuses (the
/// archive itself, a file, a folder no lifeboat export wrote unless `force`), start
/// afresh where another format's export, or a Parquet export of the earlier
/// one-archive layout (a `catalog.parquet` at the top), was; keep a Parquet tree as
/// it is. Safe to call from several exports into the same folder.
pub(crate) fn prepare(archive: Option<&Path>, out: &Path, force: bool) -> Result<()> {
    check_out(archive, Shape::Folder, out, force)?;
    let marker = out.join(MARKER);
    let ours = std::fs::read_to_string(&marker)
        .map(|m| m.trim() == Format::Parquet.name())
        .unwrap_or(false);
    let empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    let old_layout = out.join("catalog.parquet").is_file();
    if !empty && (!ours || old_layout) {
        // check_out allowed it: an earlier export's folder, or --force
        clear(out)?;
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    if !ours || old_layout {
        std::fs::write(&marker, format!("{}\n", Format::Parquet.name()))
            .map_err(|e| Error::io(&marker, e))?;
    }
    Ok(())
}

/// One archive's files being written into the tree: each under a hidden temporary
/// name until [`Staging::commit`]; dropped without it, they are removed.
pub(crate) struct Staging {
    out: PathBuf,
    id: String,
    /// (temporary, final) paths.
    files: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

impl Staging {
    pub(crate) fn new(out: &Path, archive_id: &str) -> Staging {
        Staging {
            out: out.to_path_buf(),
            id: archive_id.to_string(),
            files: Vec::new(),
            done: false,
        }
    }

    /// Where to write the archive's file of the partition folder `rel` (created):
    /// its temporary path.
    pub(crate) fn file(&mut self, rel: &Path) -> Result<PathBuf> {
        let dir = self.out.join(rel);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let name = part_name(&self.id);
        let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
        self.files.push((tmp.clone(), dir.join(name)));
        Ok(tmp)
    }

    /// Put every file in place, then remove the archive's files that this export did
    /// not write again (and the partition folders that leaves empty).
    pub(crate) fn commit(mut self) -> Result<()> {
        for (tmp, dest) in &self.files {
            std::fs::rename(tmp, dest).map_err(|e| Error::io(dest, e))?;
        }
        self.done = true;
        let keep: std::collections::HashSet<&PathBuf> = self.files.iter().map(|(_, d)| d).collect();
        for old in own_files(&self.out, &self.id) {
            if keep.contains(&old) {
                continue;
            }
            std::fs::remove_file(&old).map_err(|e| Error::io(&old, e))?;
            remove_empty_parents(&self.out, &old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            for (tmp, _) in &self.files {
                let _ = std::fs::remove_file(tmp);
                remove_empty_parents(&self.out, tmp);
            }
        }
    }
}

/// Remove the folders above `file` up to `out` that are left empty (a folder that
/// holds another archive's file stays: `remove_dir` fails on it).
fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// The files of the archive `id` in the tree at `out`: `part-<id>.parquet` in the
/// record partitions (three levels down) and in the catalog.
fn own_files(out: &Path, id: &str) -> Vec<PathBuf> {
    let name = part_name(id);
    let mut found = Vec::new();
    let mut todo: Vec<(PathBuf, usize)> = vec![(out.to_path_buf(), 0)];
    while let Some((dir, depth)) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for ent in rd.flatten() {
            let n = ent.file_name().to_string_lossy().into_owned();
            let Ok(t) = ent.file_type() else { continue };
            if t.is_dir() && depth < 3 && !n.starts_with('.') {
                let top_ok =
                    depth > 0 || n == CATALOG_DIR || n.starts_with(&format!("{RECORD_KEY}="));
                if top_ok {
                    todo.push((ent.path(), depth + 1));
                }
            } else if t.is_file() && depth > 0 && n == name {
                found.push(ent.path());
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_values_stay_one_path_segment() {
        assert_eq!(partition_value("twitter"), "twitter");
        assert_eq!(partition_value("../x/y"), "..%2Fx%2Fy");
        assert_eq!(partition_value(""), "__HIVE_DEFAULT_PARTITION__");
        assert_eq!(partition_value(".."), "__HIVE_DEFAULT_PARTITION__");
        assert_eq!(partition_value("a=b c"), "a%3Db%20c");
        assert_eq!(
            partition_value("twitter:account:12"),
            "twitter%3Aaccount%3A12"
        );
    }

    /// A second export of an archive replaces its files, drops the partitions it left,
    /// and never touches another archive's files; a failed one leaves no trace.
    #[test]
    fn an_archive_replaces_only_its_own_files() {
        let out = std::env::temp_dir().join(format!("lifeboat-pq-tree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        prepare(None, &out, false).unwrap();
        let write = |id: &str, rels: &[&str], commit: bool| {
            let mut s = Staging::new(&out, id);
            for r in rels {
                let p = s.file(Path::new(r)).unwrap();
                std::fs::write(&p, format!("{id} {r}")).unwrap();
            }
            if commit {
                s.commit().unwrap();
            }
        };
        let a1 = "record=post/network=x/account=a";
        let a2 = "record=post/network=y/account=a";
        write("aaaa", &[a1, a2, CATALOG_DIR], true);
        write("bbbb", &[a1, CATALOG_DIR], true);
        assert_eq!(own_files(&out, "aaaa").len(), 3);
        assert_eq!(own_files(&out, "bbbb").len(), 2);
        // again, without network y: its file and folder go, b's stay
        write("aaaa", &[a1, CATALOG_DIR], true);
        assert_eq!(own_files(&out, "aaaa").len(), 2);
        assert!(!out.join("record=post/network=y").exists());
        assert_eq!(
            std::fs::read_to_string(out.join(a1).join(part_name("bbbb"))).unwrap(),
            format!("bbbb {a1}")
        );
        // an export that fails half way leaves the earlier files and no partial one
        write("aaaa", &["record=post/network=z/account=a"], false);
        assert_eq!(own_files(&out, "aaaa").len(), 2);
        assert!(!out.join("record=post/network=z").exists());
        // the tree is kept by a later prepare; an old one-archive layout is not
        prepare(None, &out, false).unwrap();
        assert_eq!(own_files(&out, "bbbb").len(), 2);
        std::fs::write(out.join("catalog.parquet"), b"old").unwrap();
        prepare(None, &out, false).unwrap();
        assert!(own_files(&out, "bbbb").is_empty());
        let _ = std::fs::remove_dir_all(&out);
    }
}
