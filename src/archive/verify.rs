//! BagIt files and verification.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use super::bag::{decode_path, sha_of};
use crate::error::{Error, Result};

/// One thing wrong with an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A file's checksum does not match the manifest.
    Changed(String),
    /// A file the manifest lists is not there.
    Missing(String),
    /// A payload file the manifest does not list.
    Extra(String),
    /// A bag file is missing or malformed.
    Bag(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Changed(p) => write!(f, "changed: {p}"),
            Problem::Missing(p) => write!(f, "missing: {p}"),
            Problem::Extra(p) => write!(f, "extra: {p}"),
            Problem::Bag(p) => write!(f, "bag: {p}"),
        }
    }
}

/// The result of verifying an archive.
#[derive(Clone, Debug, Default)]
pub struct Verification {
    /// Files checked.
    pub files: u64,
    /// Bytes checked.
    pub bytes: u64,
    /// Everything wrong.
    pub problems: Vec<Problem>,
}

impl Verification {
    /// True when nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn read_manifest(p: &Path, problems: &mut Vec<Problem>) -> HashMap<String, String> {
    let mut m = HashMap::new();
    match fs::read_to_string(p) {
        Ok(t) => {
            for (i, line) in t.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match line.split_once(char::is_whitespace) {
                    Some((h, path)) if h.len() == 64 => {
                        m.insert(decode_path(path.trim_start()), h.to_ascii_lowercase());
                    }
                    _ => problems.push(Problem::Bag(format!(
                        "{} line {} is malformed",
                        p.file_name()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        i + 1
                    ))),
                }
            }
        }
        Err(_) => problems.push(Problem::Bag(format!(
            "{} is missing or unreadable",
            p.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))),
    }
    m
}

/// Re-check every checksum of an archive: payload manifest, tag manifest,
/// Payload-Oxum, and that the payload holds exactly the files the manifest lists.
pub fn verify(root: &Path) -> Result<Verification> {
    if !root.is_dir() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "not a folder".into(),
        });
    }
    let mut v = Verification::default();
    if !root.join("bagit.txt").is_file() {
        v.problems
            .push(Problem::Bag("bagit.txt is missing: not a BagIt bag".into()));
        return Ok(v);
    }
    let manifest = read_manifest(&root.join("manifest-sha256.txt"), &mut v.problems);
    // payload on disk
    let mut on_disk = BTreeSet::new();
    let mut stack: Vec<PathBuf> = vec![root.join("data")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else {
            v.problems.push(Problem::Bag("data/ is missing".into()));
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                if ft.is_symlink() {
                    v.problems
                        .push(Problem::Extra(format!("{rel} (a symbolic link)")));
                    continue;
                }
                on_disk.insert(rel);
            }
        }
    }
    let mut listed: Vec<&String> = manifest.keys().collect();
    listed.sort();
    for rel in listed {
        let want = &manifest[rel];
        if !on_disk.contains(rel) {
            v.problems.push(Problem::Missing(rel.clone()));
            continue;
        }
        match sha_of(&root.join(rel)) {
            Ok((h, n)) => {
                v.files += 1;
                v.bytes += n;
                if &h != want {
                    v.problems.push(Problem::Changed(rel.clone()));
                }
            }
            Err(_) => v
                .problems
                .push(Problem::Missing(format!("{rel} (unreadable)"))),
        }
    }
    for rel in &on_disk {
        if !manifest.contains_key(rel) {
            v.problems.push(Problem::Extra(rel.clone()));
        }
    }
    // Payload-Oxum
    if let Ok(info) = fs::read_to_string(root.join("bag-info.txt")) {
        if let Some(ox) = info.lines().find_map(|l| l.strip_prefix("Payload-Oxum:")) {
            let total: u64 = on_disk
                .iter()
                .filter_map(|r| fs::metadata(root.join(r)).ok())
                .map(|m| m.len())
                .sum();
            let want = format!("{}.{}", total, on_disk.len());
            if ox.trim() != want {
                v.problems.push(Problem::Bag(format!(
                    "bag-info.txt Payload-Oxum is {}, the payload is {want}",
                    ox.trim()
                )));
            }
        }
    }
    // tag manifest
    let tags = read_manifest(&root.join("tagmanifest-sha256.txt"), &mut v.problems);
    let mut tag_names: Vec<&String> = tags.keys().collect();
    tag_names.sort();
    for name in tag_names {
        match sha_of(&root.join(name)) {
            Ok((h, _)) if &h == tags.get(name).unwrap_or(&String::new()) => {}
            Ok(_) => v.problems.push(Problem::Changed(name.clone())),
            Err(_) => v.problems.push(Problem::Missing(name.clone())),
        }
    }
    Ok(v)
}
