//! WACZ (Web Archive Collection Zipped, specs.webrecorder.net/wacz/1.1.1): a zip with
//! `datapackage.json` (every resource with its `sha256:` hash and size),
//! `datapackage-digest.json` (the hash of `datapackage.json`), the WARCs under
//! `archive/`, the page list `pages/pages.jsonl` and CDX indexes under `indexes/`.
//!
//! Every member is hashed as it is read and compared with the datapackage at the
//! end; the pages the list declares are reconciled with the pages captured. A
//! member that fails its hash, or is listed and absent, is a warning and a
//! reconciliation row that is not `ok`: the records read from it are kept, and the
//! report says they come from a package whose fixity failed.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::import::Context;

/// Hashes what is read through it.
pub(crate) struct Hashing<'a> {
    inner: &'a mut dyn Read,
    h: Sha256,
    n: u64,
}

impl<'a> Hashing<'a> {
    pub(crate) fn new(inner: &'a mut (dyn Read + Send)) -> Self {
        Hashing {
            inner,
            h: Sha256::new(),
            n: 0,
        }
    }

    /// Read what is left (so the hash covers the whole member), and the result.
    pub(crate) fn finish(mut self) -> (String, u64) {
        let _ = std::io::copy(&mut self, &mut std::io::sink());
        (crate::archive::hex(&self.h.finalize()), self.n)
    }
}

impl Read for Hashing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.h.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
}

/// What the package declares, and what was read.
#[derive(Default)]
pub(crate) struct Wacz {
    version: Option<String>,
    /// `path` → (`hash`, `bytes`) as `datapackage.json` lists them.
    declared: BTreeMap<String, (Option<String>, Option<u64>)>,
    /// The entry of `datapackage.json`.
    datapackage: Option<String>,
    /// The hash `datapackage-digest.json` gives `datapackage.json`.
    datapackage_digest: Option<String>,
    /// Entry → (sha256, bytes) as read.
    read: BTreeMap<String, (String, u64)>,
    /// Pages the page lists declare: URL → capture time.
    pages: Vec<(String, Option<String>)>,
    /// Lines of the CDX indexes.
    index_lines: u64,
}

/// The most bytes of `datapackage.json` read.
const MAX_DATAPACKAGE: u64 = 64 << 20;

impl Wacz {
    /// `wacz_version` of `datapackage.json`.
    pub(crate) fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// A member was read whole.
    pub(crate) fn seen(&mut self, entry: &str, sha256: String, bytes: u64) {
        self.read.insert(entry.to_string(), (sha256, bytes));
    }

    pub(crate) fn datapackage(
        &mut self,
        entry: &str,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let mut buf = Vec::new();
        r.take(MAX_DATAPACKAGE)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(entry, e))?;
        self.datapackage = Some(entry.to_string());
        let v: Value = match serde_json::from_slice(&buf) {
            Ok(v) => v,
            Err(e) => {
                cx.report.warn(format!(
                    "{entry}: not JSON ({e}); the package's fixity cannot be checked"
                ));
                cx.report
                    .unreadable(entry, e.column() as u64, e.to_string());
                return self.carry_bytes(entry, &buf, cx);
            }
        };
        self.version = v
            .get("wacz_version")
            .and_then(Value::as_str)
            .map(str::to_string);
        for res in v
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(path) = res.get("path").and_then(Value::as_str) else {
                continue;
            };
            self.declared.insert(
                path.trim_start_matches("./").to_string(),
                (
                    res.get("hash").and_then(Value::as_str).map(str::to_string),
                    res.get("bytes").and_then(Value::as_u64),
                ),
            );
        }
        for (key, label) in [
            ("software", "software"),
            ("title", "title"),
            ("created", "created"),
        ] {
            if let Some(s) = v.get(key).and_then(Value::as_str) {
                cx.report.warn(format!("WACZ {label}: {s}"));
            }
        }
        self.carry_bytes(entry, &buf, cx)
    }

    pub(crate) fn digest(
        &mut self,
        entry: &str,
        r: &mut dyn Read,
        cx: &mut Context,
    ) -> Result<u64> {
        let mut buf = Vec::new();
        r.take(1 << 20)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(entry, e))?;
        if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
            self.datapackage_digest = v.get("hash").and_then(Value::as_str).map(str::to_string);
        }
        self.carry_bytes(entry, &buf, cx)
    }

    /// `pages/*.jsonl`: one page per line after a header line.
    pub(crate) fn pages(&mut self, entry: &str, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let dir = super::input::TempDir::new(cx.spool_dir)?;
        let copy = dir.0.join("pages.jsonl");
        {
            let f = std::fs::File::create(&copy).map_err(|e| Error::io(&copy, e))?;
            let mut w = std::io::BufWriter::new(f);
            let mut lines = BufReader::new(r);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = (&mut lines)
                    .take(cx.limits.max_record_bytes)
                    .read_until(b'\n', &mut line)
                    .map_err(|e| Error::io(entry, e))?;
                if n == 0 {
                    break;
                }
                std::io::Write::write_all(&mut w, &line).map_err(|e| Error::io(&copy, e))?;
                let Ok(v) = serde_json::from_slice::<Value>(&line) else {
                    continue;
                };
                if v.get("format").is_some() && v.get("url").is_none() {
                    continue;
                }
                if let Some(u) = v.get("url").and_then(Value::as_str) {
                    let ts = v.get("ts").and_then(Value::as_str).map(str::to_string);
                    self.pages.push((u.to_string(), ts));
                }
            }
            std::io::Write::flush(&mut w).map_err(|e| Error::io(&copy, e))?;
        }
        let mut f = std::fs::File::open(&copy).map_err(|e| Error::io(&copy, e))?;
        cx.sink.carry(entry, &mut f)?;
        Ok(0)
    }

    /// A CDX(J) index: its lines are counted (gzip undone) and it is carried.
    pub(crate) fn index(&mut self, entry: &str, r: &mut dyn Read, cx: &mut Context) -> Result<u64> {
        let dir = super::input::TempDir::new(cx.spool_dir)?;
        let copy = dir.0.join("index");
        let mut tee = super::input::Tee::new(r, &copy)?;
        {
            let (plain, _) =
                super::input::plain(&mut tee, cx.limits, entry).map_err(|e| Error::io(entry, e))?;
            let mut lines = BufReader::new(plain);
            let mut line = Vec::new();
            loop {
                line.clear();
                match (&mut lines).take(1 << 20).read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        let t = line.trim_ascii();
                        if !t.is_empty() && !t.starts_with(b" CDX") && !t.starts_with(b"!") {
                            self.index_lines += 1;
                        }
                    }
                    Err(e) => {
                        if crate::error::Tripwire::find(&e).is_some() {
                            return Err(Error::io(entry, e));
                        }
                        cx.report.warn(format!(
                            "{entry}: the index cannot be read to its end ({e})"
                        ));
                        break;
                    }
                }
            }
        }
        tee.finish().map_err(|e| Error::io(entry, e))?;
        let mut f = std::fs::File::open(&copy).map_err(|e| Error::io(&copy, e))?;
        cx.sink.carry(entry, &mut f)?;
        Ok(0)
    }

    fn carry_bytes(&self, entry: &str, buf: &[u8], cx: &mut Context) -> Result<u64> {
        let mut r: &[u8] = buf;
        cx.sink.carry(entry, &mut r)?;
        Ok(0)
    }

    /// Check fixity and reconcile the page list, once every member was read.
    pub(crate) fn finish(self, captured_pages: &HashMap<String, usize>, cx: &mut Context) {
        let find = |path: &str| -> Option<&(String, u64)> {
            self.read
                .iter()
                .find(|(e, _)| *e == path || e.ends_with(&format!("/{path}")))
                .map(|(_, v)| v)
        };
        let mut ok = 0u64;
        for (path, (hash, bytes)) in &self.declared {
            let Some((sha, n)) = find(path) else {
                cx.report.warn(format!(
                    "WACZ fixity: {path} is listed in datapackage.json but not in the package"
                ));
                continue;
            };
            let hash_ok = match hash
                .as_deref()
                .map(|h| h.split_once(':').unwrap_or(("sha256", h)))
            {
                Some((algo, want)) if algo.eq_ignore_ascii_case("sha256") => {
                    want.eq_ignore_ascii_case(sha)
                }
                Some((algo, _)) => {
                    cx.report.warn(format!(
                        "WACZ fixity: {path} is hashed with {algo}, which lifeboat does not check"
                    ));
                    true
                }
                None => true,
            };
            let size_ok = bytes.is_none_or(|b| b == *n);
            if hash_ok && size_ok {
                ok += 1;
            } else {
                cx.report.warn(format!(
                    "WACZ fixity FAILED: {path} has sha256 {sha} ({n} bytes); datapackage.json declares {} ({} bytes)",
                    hash.as_deref().unwrap_or("no hash"),
                    bytes.map(|b| b.to_string()).unwrap_or_else(|| "no size".into())
                ));
            }
        }
        cx.report.reconcile(
            "WACZ datapackage.json: resources present with the declared sha256 and size",
            self.declared.len() as u64,
            ok,
            None,
        );
        if let (Some(want), Some(dp)) = (&self.datapackage_digest, &self.datapackage) {
            let have = self.read.get(dp).map(|(s, _)| s.as_str()).unwrap_or("");
            let want_hex = want.split_once(':').map(|(_, h)| h).unwrap_or(want);
            let good = want_hex.eq_ignore_ascii_case(have);
            cx.report.reconcile(
                "WACZ datapackage-digest.json: the hash of datapackage.json",
                1,
                u64::from(good),
                None,
            );
            if !good {
                cx.report.warn(format!(
                    "WACZ fixity FAILED: datapackage.json has sha256 {have}; datapackage-digest.json declares {want}"
                ));
            }
        }
        if !self.pages.is_empty() {
            let found = self
                .pages
                .iter()
                .filter(|(u, _)| {
                    super::url::Url::parse(u)
                        .is_some_and(|p| captured_pages.contains_key(&p.native()))
                })
                .count() as u64;
            cx.report.reconcile(
                "WACZ pages.jsonl: pages listed that were read from the WARCs",
                self.pages.len() as u64,
                found,
                Some(
                    "a page whose capture is not HTML (or failed) is listed but not read as a page",
                ),
            );
        }
        if self.index_lines > 0 {
            cx.report.warn(format!(
                "WACZ indexes: {} CDX lines (one per indexed capture)",
                self.index_lines
            ));
        }
    }
}
