//! The native archive: a BagIt 1.0 bag (RFC 8493).
//!
//! ```text
//! <archive>/
//!   bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//!   data/
//!     lifeboat.json             schema and tool version, sources, reports
//!     records/<kind>s.jsonl     one record per line
//!     media/<aa>/<sha256>.<ext> content-addressed media
//!     sources/<source-id>/...   entries carried verbatim (and --keep-original)
//!     raw/<kind>.jsonl          records kept verbatim because they could not be mapped
//!     reports/<source-id>.json  the import report of each source
//! ```
//!
//! Writes are atomic: everything is written into a hidden staging folder beside the
//! archive, then renamed into place. Importing into an existing archive merges by
//! record id.

pub mod custody;
pub mod lock;
mod merge;
// the rule web captures of one page follow too (newest wins, earlier kept as history)
pub(crate) use merge::merge_record;
mod read;
mod verify;
mod writer;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

pub use read::{Archive, ArchiveSource, Records};
pub use verify::{verify, Problem, Verification};
pub use writer::{ArchiveWriter, CommitInfo};

/// Hash a stream: (sha256 hex, bytes).
pub fn hash_reader(r: &mut dyn Read) -> io::Result<(String, u64)> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((hex(&h.finalize()), n))
}

/// SHA-256 and size of a dump: a file's bytes, or for a folder the hash of its
/// sorted `sha256  path` listing and the sum of its files.
pub fn hash_source(p: &Path) -> io::Result<(String, u64)> {
    let meta = std::fs::metadata(p)?;
    if meta.is_file() {
        let mut f = File::open(p)?;
        return hash_reader(&mut f);
    }
    let mut lines = Vec::new();
    let mut total = 0u64;
    fn walk(
        root: &Path,
        rel: &str,
        out: &mut Vec<String>,
        total: &mut u64,
        depth: usize,
    ) -> io::Result<()> {
        if depth > 64 {
            return Ok(());
        }
        let mut ents: Vec<_> = std::fs::read_dir(root.join(rel))?.collect::<io::Result<_>>()?;
        ents.sort_by_key(|e| e.file_name());
        for e in ents {
            let name = e.file_name().to_string_lossy().into_owned();
            let r = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let ft = e.file_type()?;
            if ft.is_dir() {
                walk(root, &r, out, total, depth + 1)?;
            } else if ft.is_file() {
                let (h, n) = hash_reader(&mut File::open(e.path())?)?;
                *total += n;
                out.push(format!("{h}  {r}\n"));
            }
        }
        Ok(())
    }
    walk(p, "", &mut lines, &mut total, 0)?;
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
    }
    Ok((hex(&h.finalize()), total))
}

pub(crate) fn hex(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for &x in b {
        s.push(H[(x >> 4) as usize] as char);
        s.push(H[(x & 15) as usize] as char);
    }
    s
}

/// Where a file of this SHA-256, named `name` in its dump, is stored inside an archive
/// (`data/media/<aa>/<sha256>.<ext>`).
pub(crate) fn media_path(sha256: &str, name: &str) -> String {
    format!(
        "data/media/{}/{}{}",
        sha256.get(..2).unwrap_or(""),
        sha256,
        writer::safe_ext(name)
    )
}

/// MIME type from a file name's extension.
pub fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "svg" => "image/svg+xml",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "js" => "text/javascript",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "csv" => "text/csv",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}
