//! For records and legal teams: what changed between two exports of one account
//! ([`diff`]), what an auditor asks of an archive ([`audit`]), and the formats of
//! eDiscovery: RSMF ([`export_rsmf`]) and EML ([`export_eml`]).

mod audit;
mod audit_html;
mod diff;
mod eml;
mod rsmf;

pub use audit::{audit, Audit};
pub use audit_html::audit_html;
pub use diff::{diff, Change, Diff, FieldChange, KindDiff};
pub use eml::{export_eml, EmlSummary};
pub use rsmf::check::{validate_manifest, validate_rsmf, validate_rsmf_zip, Validation};
pub use rsmf::{export_rsmf, RsmfOptions, RsmfSummary};

/// A file-name-safe slug of an id (ASCII letters, digits, `-`, `_`; at most 80).
pub(crate) fn slug(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if out.is_empty() {
        out.push('_');
    }
    out
}

use std::path::{Path, PathBuf};

use crate::error::Result;

/// An archive to read: the folder itself, or a dump imported into a temporary archive
/// that is removed on drop.
pub(crate) struct Opened {
    pub path: PathBuf,
    temp: Option<PathBuf>,
}

impl Drop for Opened {
    fn drop(&mut self) {
        if let Some(t) = &self.temp {
            let _ = std::fs::remove_dir_all(t);
        }
    }
}

/// Open `p` as an archive; a dump (zip, tar.gz, folder of an export) is imported first
/// into a temporary archive.
pub(crate) fn open_or_import(p: &Path) -> Result<Opened> {
    if p.join("bagit.txt").is_file() && p.join("data/lifeboat.json").is_file() {
        return Ok(Opened {
            path: p.to_path_buf(),
            temp: None,
        });
    }
    let tmp = crate::container::unique_dir(&std::env::temp_dir(), "diff")?;
    let out = tmp.join("archive");
    let opened = Opened {
        path: out.clone(),
        temp: Some(tmp),
    };
    crate::import_dump(
        p,
        &out,
        &crate::ImportOptions::default(),
        &mut crate::import::NoProgress,
    )?;
    Ok(opened)
}
