//! Reading an archive back: its sources and its records, streamed.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{Kind, Record};

/// A source recorded in an archive's `data/lifeboat.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ArchiveSource {
    /// `data/sources/<id>/`, `data/reports/<id>.json`.
    pub id: String,
    /// The dump's file name.
    #[serde(default)]
    pub file_name: String,
    /// The dump's SHA-256.
    #[serde(default)]
    pub sha256: String,
    /// Its size.
    #[serde(default)]
    pub bytes: u64,
    /// The network.
    #[serde(default)]
    pub network: String,
    /// The export generation detected.
    #[serde(default)]
    pub generation: String,
    /// When it was imported (RFC 3339).
    #[serde(default)]
    pub imported_at: String,
    /// Path of its import report inside the archive.
    #[serde(default)]
    pub report: String,
}

#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    schema_version: String,
    #[serde(default)]
    sources: Vec<ArchiveSource>,
}

/// An archive opened for reading.
#[derive(Clone, Debug)]
pub struct Archive {
    root: PathBuf,
    schema_version: String,
    sources: Vec<ArchiveSource>,
}

impl Archive {
    /// Open the archive at `root` (a folder with `bagit.txt` and `data/lifeboat.json`).
    /// Nothing is verified here: see [`super::verify`].
    pub fn open(root: &Path) -> Result<Archive> {
        let not = |m: &str| Error::Archive {
            path: root.to_path_buf(),
            message: m.to_string(),
        };
        if !root.join("bagit.txt").is_file() {
            return Err(not("not a BagIt bag (no bagit.txt)"));
        }
        let meta_path = root.join("data/lifeboat.json");
        let bytes = std::fs::read(&meta_path).map_err(|e| Error::io(&meta_path, e))?;
        let meta: Meta =
            serde_json::from_slice(&bytes).map_err(|e| not(&format!("data/lifeboat.json: {e}")))?;
        Ok(Archive {
            root: root.to_path_buf(),
            schema_version: meta.schema_version,
            sources: meta.sources,
        })
    }

    /// The folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The record schema version the archive was written with.
    pub fn schema_version(&self) -> &str {
        &self.schema_version
    }

    /// Every dump imported into the archive, oldest first.
    pub fn sources(&self) -> &[ArchiveSource] {
        &self.sources
    }

    /// The records of one kind, one at a time (the file is never read whole). An
    /// archive without records of that kind yields none.
    pub fn records(&self, kind: Kind) -> Result<Records> {
        let path = self.root.join("data/records").join(kind.file_name());
        let lines = match File::open(&path) {
            Ok(f) => Some(BufReader::with_capacity(1 << 16, f).lines()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Records {
            kind,
            path,
            lines,
            line: 0,
        })
    }
}

/// The records of one kind of an archive, streamed (see [`Archive::records`]).
pub struct Records {
    kind: Kind,
    path: PathBuf,
    lines: Option<std::io::Lines<BufReader<File>>>,
    line: u64,
}

impl Iterator for Records {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let lines = self.lines.as_mut()?;
        loop {
            let l = match lines.next()? {
                Ok(l) => l,
                Err(e) => return Some(Err(Error::io(&self.path, e))),
            };
            self.line += 1;
            if l.trim().is_empty() {
                continue;
            }
            return Some(
                Record::from_json(self.kind, &l).map_err(|m| Error::Archive {
                    path: self.path.clone(),
                    message: format!("line {}: {m}", self.line),
                }),
            );
        }
    }
}
