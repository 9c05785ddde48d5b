//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system temporary folder, removed on drop (also when a test
/// fails).
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty folder; `tag` names it for whoever looks at the temporary folder.
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "lifeboat-test-{tag}-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }

    /// A path inside the folder.
    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A dump imported into a temporary archive, with its records read back by kind
/// (`posts`, `accounts`, … as the record files are named).
pub struct Imported {
    /// The import report.
    pub report: lifeboat::Report,
    /// `data/records/<kind>s.jsonl`, parsed, by file stem.
    pub records: std::collections::BTreeMap<String, Vec<serde_json::Value>>,
    /// The archive's folder, removed on drop.
    pub dir: TempDir,
}

impl Imported {
    /// The records of one file (`posts`, `messages`, …).
    pub fn kind(&self, k: &str) -> &[serde_json::Value] {
        self.records.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One record by id; panics with its name when absent.
    pub fn get(&self, k: &str, id: &str) -> &serde_json::Value {
        self.kind(k)
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no {k} record {id}"))
    }

    /// What became of the entry whose path ends with `suffix`: its fate and role.
    pub fn fate(&self, suffix: &str) -> (String, Option<String>) {
        let e = self
            .report
            .entry_list
            .iter()
            .find(|e| e.path.ends_with(suffix))
            .unwrap_or_else(|| panic!("no entry {suffix}"));
        (format!("{:?}", e.fate), e.role.clone())
    }

    /// The archive.
    pub fn archive(&self) -> PathBuf {
        self.dir.join("archive")
    }
}

/// The record files of an archive, parsed, by file stem.
pub fn read_records(archive: &Path) -> std::collections::BTreeMap<String, Vec<serde_json::Value>> {
    let mut records = std::collections::BTreeMap::new();
    for e in fs::read_dir(archive.join("data/records")).expect("records") {
        let p = e.expect("entry").path();
        let kind = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let rows: Vec<serde_json::Value> = fs::read_to_string(&p)
            .expect("read")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        records.insert(kind, rows);
    }
    records
}

/// Import a dump with the default options into a fresh temporary archive.
pub fn import(dump: &Path) -> Imported {
    let dir = TempDir::new("import");
    let out = dir.join("archive");
    let done = import_dump(
        dump,
        &out,
        &lifeboat::ImportOptions::default(),
        &mut lifeboat::NoProgress,
    )
    .expect("import");
    Imported {
        report: done.report,
        records: read_records(&out),
        dir,
    }
}

/// Panics when a record file of the archive holds two records with one id: an archive
/// never does (every import passes its records through one id guard). Every archive
/// the test suite writes is checked through [`import_dump`] / [`import_parts`].
pub fn assert_unique_ids(archive: &Path) {
    let Ok(dir) = fs::read_dir(archive.join("data/records")) else {
        return;
    };
    for e in dir {
        let p = e.expect("entry").path();
        let text = fs::read_to_string(&p).expect("read records");
        let mut seen = std::collections::HashSet::new();
        for (n, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: not JSON: {e}", p.display(), n + 1));
            let id = v["id"].as_str().unwrap_or_default().to_string();
            assert!(
                seen.insert(id.clone()),
                "{}:{}: a second record with id {id}",
                p.display(),
                n + 1
            );
        }
    }
}

/// `lifeboat::import_dump`, then [`assert_unique_ids`] on what was written.
pub fn import_dump(
    dump: &Path,
    out: &Path,
    opts: &lifeboat::ImportOptions,
    progress: &mut dyn lifeboat::Progress,
) -> lifeboat::Result<lifeboat::Imported> {
    import_parts(&[dump], out, opts, progress)
}

/// `lifeboat::import_parts`, then [`assert_unique_ids`] on what was written.
pub fn import_parts(
    parts: &[&Path],
    out: &Path,
    opts: &lifeboat::ImportOptions,
    progress: &mut dyn lifeboat::Progress,
) -> lifeboat::Result<lifeboat::Imported> {
    let done = lifeboat::import_parts(parts, out, opts, progress)?;
    if done.commit.is_some() {
        assert_unique_ids(out);
    }
    Ok(done)
}
