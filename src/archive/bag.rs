//! The low-level pieces of a bag every other part of the archive uses: hashing,
//! payload entries, manifest paths, media paths, and the BagIt tag files. A leaf: it
//! uses nothing else of `archive/`, so writer, merge, verify and custody depend on it
//! and never on each other's internals.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::report::Report;

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
        safe_ext(name)
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

pub(crate) fn safe_ext(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((_, e))
            if !e.is_empty() && e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            format!(".{}", e.to_ascii_lowercase())
        }
        _ => String::new(),
    }
}

/// A payload file: path relative to the bag, sha256, size.
#[derive(Clone, Debug)]
pub(crate) struct FileEntry {
    pub rel: String,
    pub sha256: String,
    pub bytes: u64,
}

pub(crate) struct HashWriter {
    w: BufWriter<File>,
    h: Sha256,
    n: u64,
    pub(super) path: PathBuf,
}

impl HashWriter {
    pub(crate) fn create(path: &Path) -> Result<HashWriter> {
        if let Some(d) = path.parent() {
            fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        let f = File::create(path).map_err(|e| Error::io(path, e))?;
        Ok(HashWriter {
            w: BufWriter::with_capacity(1 << 17, f),
            h: Sha256::new(),
            n: 0,
            path: path.to_path_buf(),
        })
    }
    pub(crate) fn write_all(&mut self, b: &[u8]) -> Result<()> {
        self.h.update(b);
        self.n += b.len() as u64;
        self.w.write_all(b).map_err(|e| Error::io(&self.path, e))
    }
    pub(crate) fn finish(mut self) -> Result<(String, u64)> {
        self.w.flush().map_err(|e| Error::io(&self.path, e))?;
        Ok((hex(&self.h.finalize()), self.n))
    }
}

impl Write for HashWriter {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        let n = self.w.write(b)?;
        self.h.update(&b[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Percent-encode a path for a BagIt manifest (RFC 8493 §2.1.3).
pub(crate) fn encode_path(p: &str) -> String {
    p.replace('%', "%25")
        .replace('\n', "%0A")
        .replace('\r', "%0D")
}

/// Decode a manifest path.
pub(crate) fn decode_path(p: &str) -> String {
    p.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%25", "%")
}

pub(crate) fn sha_of(p: &Path) -> Result<(String, u64)> {
    let mut f = File::open(p).map_err(|e| Error::io(p, e))?;
    hash_reader(&mut f).map_err(|e| Error::io(p, e))
}

pub(crate) fn write_bag_files(
    root: &Path,
    files: &[FileEntry],
    report: &Report,
    sources: &[Value],
    extra: &[(String, String)],
) -> Result<()> {
    let w = |name: &str, s: &str| {
        fs::write(root.join(name), s).map_err(|e| Error::io(root.join(name), e))
    };
    w(
        "bagit.txt",
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    )?;
    let bytes: u64 = files.iter().map(|f| f.bytes).sum();
    let mut info = String::new();
    info.push_str(
        &format!(
            "Bag-Software-Agent: lifeboat {} \n",
            env!("CARGO_PKG_VERSION")
        )
        .replace(" \n", "\n"),
    );
    info.push_str(&format!(
        "Bagging-Date: {}\n",
        crate::model::Timestamp::now()
            .to_rfc3339()
            .get(..10)
            .unwrap_or("")
    ));
    info.push_str(&format!("Payload-Oxum: {}.{}\n", bytes, files.len()));
    info.push_str("External-Description: Social network export converted by lifeboat into its platform-neutral model\n");
    for s in sources {
        let net = s.get("network").and_then(Value::as_str).unwrap_or("");
        let sha = s.get("sha256").and_then(Value::as_str).unwrap_or("");
        let name = s
            .get("file_name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .replace(['\n', '\r'], " ");
        info.push_str(&format!("Source: {net} export {name} sha256:{sha}\n"));
    }
    if !report.network.is_empty() {
        info.push_str(&format!("Internal-Sender-Identifier: {}\n", report.network));
    }
    for (k, v) in extra {
        info.push_str(&format!("{k}: {}\n", v.replace(['\n', '\r'], " ")));
    }
    w("bag-info.txt", &info)?;
    let mut man = String::new();
    for f in files {
        man.push_str(&format!("{}  {}\n", f.sha256, encode_path(&f.rel)));
    }
    w("manifest-sha256.txt", &man)?;
    let mut tag = String::new();
    for name in ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"] {
        let (h, _) = sha_of(&root.join(name))?;
        tag.push_str(&format!("{h}  {name}\n"));
    }
    w("tagmanifest-sha256.txt", &tag)?;
    Ok(())
}
