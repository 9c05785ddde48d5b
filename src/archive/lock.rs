//! One writer at a time, and recovery from a writer that was killed.
//!
//! Every command that changes an archive (an import with its merge and commit, `hold`,
//! `release`, the log line an export appends) first takes an exclusive `flock(2)` on a
//! lock file beside the archive, `.<archive name>.lifeboat-lock`, and keeps it until it
//! is done. The file sits beside the archive, not inside it, because a commit swaps the
//! archive folder for a new one: a lock file inside would move away with the old
//! version. A second writer **waits** for the first to finish (it says so once, naming
//! the process that holds the lock); the kernel releases the lock of a process that
//! dies, so a killed run never leaves a stale lock.
//!
//! Holding the lock also proves that no live process is writing the archive, so what
//! an earlier, killed run left beside it can be cleaned up safely: its staging folders
//! (`.lifeboat-incomplete-<tag>-*`, where `<tag>` names the archive) are removed, and a
//! commit that was cut off between its two renames (systems without an atomic folder
//! exchange) is finished or rolled back. Each such step is announced through
//! [`set_notice`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

static NOTICE: OnceLock<fn(&str)> = OnceLock::new();

/// Where the library's few notices go (waiting for a lock, cleaning up after a killed
/// run). By default nowhere: the library never prints; the `lifeboat` command sets this
/// to print to standard error.
pub fn set_notice(f: fn(&str)) {
    let _ = NOTICE.set(f);
}

pub(crate) fn notice(msg: &str) {
    if let Some(f) = NOTICE.get() {
        f(msg);
    }
}

/// An exclusive lock on an archive, released when dropped.
#[derive(Debug)]
pub struct ArchiveLock {
    _file: File,
    path: PathBuf,
}

impl ArchiveLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The folder an archive lives in and its file name.
pub(crate) fn split(archive: &Path) -> Result<(PathBuf, String)> {
    let abs = if archive.exists() {
        fs::canonicalize(archive).map_err(|e| Error::io(archive, e))?
    } else {
        let parent = match archive.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let parent = fs::canonicalize(&parent).map_err(|e| Error::io(&parent, e))?;
        match archive.file_name() {
            Some(n) => parent.join(n),
            None => parent,
        }
    };
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Archive {
            path: archive.to_path_buf(),
            message: "has no folder name to lock".into(),
        })?;
    let parent = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
    Ok((parent, name))
}

/// A short tag naming the archive in its staging folders' names (the name itself may
/// be too long to repeat, or hold anything).
pub(crate) fn tag(archive_name: &str) -> String {
    let h = Sha256::digest(archive_name.as_bytes());
    super::bag::hex(h.get(..6).unwrap_or_default())
}

/// The lock file of the archive at `archive`.
pub fn lock_path(archive: &Path) -> Result<PathBuf> {
    let (parent, name) = split(archive)?;
    // a long archive name must not make the lock file's name too long
    let short: String = if name.len() > 200 {
        format!(
            "{}-{}",
            name.chars().take(40).collect::<String>(),
            tag(&name)
        )
    } else {
        name
    };
    Ok(parent.join(format!(".{short}.lifeboat-lock")))
}

#[cfg(unix)]
fn flock(f: &File, block: bool) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let op = libc::LOCK_EX | if block { 0 } else { libc::LOCK_NB };
    loop {
        // SAFETY: the descriptor belongs to `f`, which outlives the call.
        let r = unsafe { libc::flock(f.as_raw_fd(), op) };
        if r == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) if !block => return Ok(false),
            _ => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn flock(_: &File, _: bool) -> io::Result<bool> {
    Ok(true)
}

/// Take the archive's lock for `what` (`an import`, `a hold`, …), waiting while
/// another process holds it, then clean up what a killed run left. A process must not
/// take the lock of one archive twice (the second call would wait for itself).
pub fn lock(archive: &Path, what: &str) -> Result<ArchiveLock> {
    let path = lock_path(archive)?;
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    if !flock(&f, false).map_err(|e| Error::io(&path, e))? {
        let mut holder = String::new();
        let _ = f.read_to_string(&mut holder);
        let holder = holder.trim();
        notice(&format!(
            "{}: another lifeboat process is writing this archive ({}); waiting for it to finish before {what}",
            archive.display(),
            if holder.is_empty() { "unknown process" } else { holder }
        ));
        flock(&f, true).map_err(|e| Error::io(&path, e))?;
    }
    // who holds it, for a process that has to wait
    let _ = f.set_len(0);
    let _ = f.seek(SeekFrom::Start(0));
    let _ = write!(
        f,
        "pid {}, {what}, since {}",
        std::process::id(),
        crate::model::Timestamp::now().to_rfc3339()
    );
    let _ = f.flush();
    let lock = ArchiveLock { _file: f, path };
    recover(archive)?;
    Ok(lock)
}

/// The prefix of the staging folders of the archive called `name`.
pub(crate) fn staging_prefix(kind: &str, name: &str) -> String {
    format!(".lifeboat-{kind}-{}-", tag(name))
}

/// Under the lock: finish or undo what a killed writer left beside the archive.
fn recover(archive: &Path) -> Result<()> {
    let (parent, name) = split(archive)?;
    let incomplete = staging_prefix("incomplete", &name);
    let old = staging_prefix("old", &name);
    let mut stages = Vec::new();
    let mut olds = Vec::new();
    let rd = match fs::read_dir(&parent) {
        Ok(rd) => rd,
        Err(_) => return Ok(()),
    };
    for ent in rd.flatten() {
        let n = ent.file_name().to_string_lossy().into_owned();
        if n.starts_with(&incomplete) {
            stages.push(ent.path());
        } else if n.starts_with(&old) {
            olds.push(ent.path());
        }
    }
    if stages.is_empty() && olds.is_empty() {
        return Ok(());
    }
    stages.sort();
    olds.sort();
    let target = parent.join(&name);
    if !target.exists() {
        // a commit cut off between "archive -> old" and "staging -> archive": a staging
        // folder whose bag was complete (no INCOMPLETE marker left) goes into place;
        // otherwise the old version comes back
        let done = stages.iter().position(|s| {
            !s.join("INCOMPLETE").exists() && s.join("tagmanifest-sha256.txt").is_file()
        });
        if let Some(i) = done {
            let s = stages.remove(i);
            fs::rename(&s, &target).map_err(|e| Error::io(&target, e))?;
            notice(&format!(
                "{}: finished a commit that an interrupted run had not completed",
                target.display()
            ));
        } else if let Some(o) = olds.pop() {
            fs::rename(&o, &target).map_err(|e| Error::io(&target, e))?;
            notice(&format!(
                "{}: put back the archive that an interrupted commit had moved aside",
                target.display()
            ));
        }
    }
    let mut bytes = 0u64;
    let mut n = 0;
    for d in stages.iter().chain(&olds) {
        let size = size_of(d, 0);
        match fs::remove_dir_all(d) {
            Ok(()) => {
                n += 1;
                bytes += size;
            }
            // what cannot be removed is said, and blocks nothing
            Err(e) => notice(&format!(
                "{}: left by an interrupted run, and could not be removed: {e}",
                d.display()
            )),
        }
    }
    if n > 0 {
        notice(&format!(
            "{}: removed {n} folder(s) ({bytes} bytes) that an interrupted run had left beside it",
            target.display()
        ));
    }
    Ok(())
}

fn size_of(p: &Path, depth: usize) -> u64 {
    let Ok(m) = fs::symlink_metadata(p) else {
        return 0;
    };
    if !m.is_dir() || depth > 256 {
        return m.len();
    }
    fs::read_dir(p)
        .map(|rd| rd.flatten().map(|e| size_of(&e.path(), depth + 1)).sum())
        .unwrap_or(0)
}

/// Test hook: with `LIFEBOAT_TEST_KILL_AT=<point>` the process kills itself with
/// SIGKILL at that point; with `LIFEBOAT_TEST_PAUSE_AT=<point>` it says
/// `lifeboat-test: paused at <point>` on standard error and sleeps for
/// `LIFEBOAT_TEST_PAUSE_SECS` (default 30) seconds. For the crash and concurrency tests.
pub(crate) fn test_point(point: &str) {
    if std::env::var("LIFEBOAT_TEST_KILL_AT").is_ok_and(|p| p == point) {
        #[cfg(unix)]
        // SAFETY: sending a signal to this process has no memory-safety preconditions.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort();
    }
    if std::env::var("LIFEBOAT_TEST_PAUSE_AT").is_ok_and(|p| p == point) {
        eprintln!("lifeboat-test: paused at {point}");
        let secs = std::env::var("LIFEBOAT_TEST_PAUSE_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(30u64);
        std::thread::sleep(std::time::Duration::from_secs(secs));
    }
}
