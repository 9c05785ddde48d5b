//! Where an export writes: refusing an output that would destroy something
//! ([`check_out`]), staging beside it and moving into place ([`Staged`]).

use std::path::{Path, PathBuf};

use super::{Format, Shape};
use crate::error::{Error, Result};

/// The file that marks a folder as written by an export (so that a later export may
/// replace it).
pub(crate) const MARKER: &str = ".lifeboat-export";

/// The absolute form of a path that may not exist yet.
fn absolute(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let parent = p.parent().filter(|x| !x.as_os_str().is_empty());
    let base = match parent {
        Some(x) => x.canonicalize().ok()?,
        None => std::env::current_dir().ok()?,
    };
    Some(base.join(p.file_name()?))
}

/// Refuse an output that would destroy something the user did not ask to replace:
///
/// * the archive itself, or a folder inside or around it (never, even with `force`);
/// * a file where a folder is written, or a folder where a file is written (never: a
///   file is not replaced by a folder, nor a folder by a file);
/// * an existing file (a feed, `thesis.docx`, a symlink) unless `force`;
/// * a non-empty folder that no earlier export wrote (no `.lifeboat-export` marker)
///   unless `force`; never the home folder, a filesystem root, or a folder holding
///   the current directory.
///
/// A folder an earlier export wrote, an empty folder, and nothing at all are fine.
/// Character devices and pipes (`/dev/stdout`) are written to, not replaced.
pub fn check_out(archive: Option<&Path>, shape: Shape, out: &Path, force: bool) -> Result<()> {
    let usage = |m: String| Err(Error::Usage(m));
    if out.as_os_str().is_empty() {
        return usage("--out is required".into());
    }
    let o = absolute(out);
    if let (Some(root), Some(o)) = (archive.and_then(absolute), o.as_ref()) {
        if o.starts_with(&root) || root.starts_with(o) {
            return usage(format!(
                "--out {} overlaps the archive {}; write the export somewhere else",
                out.display(),
                root.display()
            ));
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(()); // nothing there
    };
    let kind = if meta.file_type().is_symlink() {
        // what the link points at decides file or folder; the link itself is what
        // would be replaced
        std::fs::metadata(out).ok().map(|m| m.file_type())
    } else {
        Some(meta.file_type())
    };
    let is_dir = kind.is_some_and(|k| k.is_dir());
    if stream(out) {
        return match shape {
            Shape::File => Ok(()),
            Shape::Folder => usage(format!(
                "--out {} is a device or pipe; this format writes a folder",
                out.display()
            )),
        };
    }
    match (shape, is_dir) {
        (Shape::File, true) => usage(format!(
            "--out {} is a folder; this format writes a file. Give a file name (nothing is replaced)",
            out.display()
        )),
        (Shape::Folder, false) => usage(format!(
            "--out {} is a file; this format writes a folder and never replaces a file with one. Give a new folder name",
            out.display()
        )),
        (Shape::File, false) if !force => usage(format!(
            "--out {} already exists; lifeboat does not overwrite it. Give a new name, or --force to replace it",
            out.display()
        )),
        (Shape::File, false) => Ok(()),
        (Shape::Folder, true) => {
            if meta.file_type().is_symlink() {
                return usage(format!(
                    "--out {} is a link to a folder; give the folder itself or a new name",
                    out.display()
                ));
            }
            let empty = std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out.join(MARKER).is_file() {
                return Ok(());
            }
            if !force {
                return usage(format!(
                    "--out {} is a folder with other things in it that no lifeboat export wrote; give a new or empty folder, or --force to replace it",
                    out.display()
                ));
            }
            let home = std::env::var_os("HOME").map(PathBuf::from).and_then(|h| h.canonicalize().ok());
            let cwd = std::env::current_dir().ok().and_then(|c| c.canonicalize().ok());
            let o = o.unwrap_or_default();
            if o.parent().is_none()
                || home.as_ref() == Some(&o)
                || cwd.as_ref().is_some_and(|c| c.starts_with(&o))
            {
                return usage(format!(
                    "--out {} is the home folder, a filesystem root or holds the current folder; lifeboat never replaces it, even with --force",
                    out.display()
                ));
            }
            Ok(())
        }
    }
}

/// True when `out` is a character device or a pipe (written to, never replaced).
#[cfg(unix)]
fn stream(out: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(out)
        .map(|m| {
            let t = m.file_type();
            t.is_char_device() || t.is_fifo()
        })
        .unwrap_or(false)
}

/// True when `out` is a character device or a pipe (written to, never replaced).
#[cfg(not(unix))]
fn stream(_out: &Path) -> bool {
    false
}

/// An export written beside its destination and moved into place only when it is
/// complete: a failed export leaves what was at `--out` untouched, and a replaced
/// output is removed only once the new one is there. Dropped without
/// [`Staged::commit`], the partial output is removed.
pub struct Staged {
    out: PathBuf,
    tmp: PathBuf,
    shape: Shape,
    /// `out` is a device or pipe: the finished file is copied into it.
    stream: bool,
    done: bool,
}

impl Staged {
    /// Check `out` ([`check_out`]) and choose where to write.
    pub fn new(archive: Option<&Path>, shape: Shape, out: &Path, force: bool) -> Result<Staged> {
        check_out(archive, shape, out, force)?;
        let is_stream = stream(out);
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into());
        let partial = format!(".{name}.lifeboat-partial-{}", std::process::id());
        // a device's folder (/dev) is no place for a partial file
        let tmp = if is_stream {
            std::env::temp_dir().join(partial)
        } else {
            out.with_file_name(partial)
        };
        remove_any(&tmp)?;
        Ok(Staged {
            out: out.to_path_buf(),
            tmp,
            shape,
            stream: is_stream,
            done: false,
        })
    }

    /// Where the exporter writes.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Move the finished output into place, replacing what `check_out` allowed.
    pub fn commit(mut self) -> Result<()> {
        if self.stream {
            let mut src = std::fs::File::open(&self.tmp).map_err(|e| Error::io(&self.tmp, e))?;
            let mut dst = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.out)
                .map_err(|e| Error::io(&self.out, e))?;
            std::io::copy(&mut src, &mut dst).map_err(|e| Error::io(&self.out, e))?;
            return Ok(()); // the partial file goes on drop
        }
        if self.shape == Shape::Folder {
            let m = self.tmp.join(MARKER);
            if !m.exists() {
                std::fs::write(&m, "lifeboat export\n").map_err(|e| Error::io(&m, e))?;
            }
        }
        let replaced = std::fs::symlink_metadata(&self.out).is_ok();
        let old = self.tmp.with_file_name(format!(
            "{}.old",
            self.tmp
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if replaced {
            remove_any(&old)?;
            std::fs::rename(&self.out, &old).map_err(|e| Error::io(&self.out, e))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            if replaced {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(Error::io(&self.out, e));
        }
        self.done = true; // nothing left to clean up
        if replaced {
            remove_any(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = remove_any(&self.tmp);
        }
    }
}

/// Remove a file, link or folder at `p`, if any.
fn remove_any(p: &Path) -> Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).map_err(|e| Error::io(p, e)),
        Ok(_) => std::fs::remove_file(p).map_err(|e| Error::io(p, e)),
        Err(_) => Ok(()),
    }
}

/// Create an export folder (emptied first when an earlier export wrote it) with its
/// marker file.
pub(crate) fn create_folder(out: &Path, format: Format) -> Result<()> {
    clear(out)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let m = out.join(MARKER);
    std::fs::write(&m, format!("{}\n", format.name())).map_err(|e| Error::io(&m, e))
}

/// Open a file for writing, buffered.
pub(crate) fn create(path: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    Ok(std::io::BufWriter::with_capacity(1 << 16, f))
}

/// Remove whatever is at `path` (file or folder) so that an export starts clean.
pub(crate) fn clear(path: &Path) -> Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
    } else if path.exists() {
        std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}
