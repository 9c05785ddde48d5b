//! Which dumps a batch imports: the dumps given, the lines of a list, and what is
//! inside a folder of dumps.
//!
//! **A folder of dumps** is looked into, never taken as a dump itself. Each thing in
//! it is, in name order:
//!
//! - a hidden file or folder (`.name`): passed over;
//! - a file: one dump (a zip, a tar.gz, a WARC, a repository CAR, a WXR, …), except
//!   notes that are never an export (`README*`, `*.md`, `*.py`, `*.sh`, checksum and
//!   signature files), which are listed as not dumps;
//! - a folder: one dump, an unpacked export, when lifeboat recognises it by its file
//!   names and the same file path does not appear under two of its sub-folders
//!   (`2021/data/tweets.js` and `2023/data/tweets.js` are two unpacked exports side by
//!   side); otherwise a folder of dumps in turn. An archive file (zip, tar.gz, CAR,
//!   WARC, WACZ) at the top of an unpacked export that its importer does not read, and
//!   that lifeboat recognises as an export of its own (an older export's zip put
//!   beside), is a dump as well.
//!
//! A folder holding only zips is not recognised as an export, so a folder per
//! person or per account of their downloads works as it is. What the rule cannot
//! tell (two unpacked exports of different shapes side by side, say a Mastodon
//! `outbox.json` folder beside its CSV lists) is read as one dump: list such dumps
//! in a list file instead.
//!
//! **A list file** holds one dump per line (a file or a folder, taken as it is);
//! blank lines and lines starting with `#` are passed over; the parts of one export
//! are given on one line separated by tabs. A relative path is relative to the list
//! file's folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::container::{Container, Limits};
use crate::error::{Error, Result};
use crate::import::{formats, Plan};

/// What a batch is given.
#[derive(Clone, Debug)]
pub(crate) enum Input {
    /// A folder of dumps, looked into.
    Dir(PathBuf),
    /// A list of dumps: its text, and the folder relative paths are relative to.
    List { text: String, base: PathBuf },
    /// One dump, or the parts of one export.
    Dump(Vec<PathBuf>),
}

/// A dump to import: one path, or the parts of one export.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub parts: Vec<PathBuf>,
}

impl Item {
    /// The path the report names the dump by (its first part).
    pub fn path(&self) -> &Path {
        self.parts
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""))
    }
}

/// Found in a folder of dumps and passed over, with why.
#[derive(Clone, Debug)]
pub(crate) struct Passed {
    pub path: PathBuf,
    pub reason: &'static str,
}

/// How deep folders of dumps are looked into.
const MAX_DEPTH: usize = 32;

/// The dumps of the inputs, in the order given (a folder's in name order), and what
/// was passed over. `skip`: folders never looked into (the batch's own outputs). An
/// input folder that cannot be read is an error; a listed dump that does not exist is
/// not (its import fails and the batch goes on).
pub(crate) fn find(
    inputs: &[Input],
    skip: &[PathBuf],
    limits: &Limits,
) -> Result<(Vec<Item>, Vec<Passed>)> {
    let skip: Vec<PathBuf> = skip
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    let mut items = Vec::new();
    let mut passed = Vec::new();
    for input in inputs {
        match input {
            Input::Dump(parts) => items.push(Item {
                parts: parts.clone(),
            }),
            Input::List { text, base } => {
                for line in text.lines() {
                    let line = line.trim_end_matches('\r');
                    if line.trim().is_empty() || line.trim_start().starts_with('#') {
                        continue;
                    }
                    let parts = line
                        .split('\t')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| base.join(p))
                        .collect();
                    items.push(Item { parts });
                }
            }
            Input::Dir(dir) => {
                if !dir.is_dir() {
                    return Err(Error::Usage(format!(
                        "{}: not a folder of dumps",
                        dir.display()
                    )));
                }
                look_into(dir, 0, &skip, limits, &mut items, &mut passed)?;
            }
        }
    }
    Ok((items, passed))
}

fn look_into(
    dir: &Path,
    depth: usize,
    skip: &[PathBuf],
    limits: &Limits,
    items: &mut Vec<Item>,
    passed: &mut Vec<Passed>,
) -> Result<()> {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    children.sort();
    for p in children {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
        if skip.iter().any(|s| canon.starts_with(s)) {
            passed.push(Passed {
                path: p,
                reason: "the batch's own output",
            });
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.file_type().is_symlink() && p.is_dir() {
            // links to folders are not followed (no loops, no surprises)
            passed.push(Passed {
                path: p,
                reason: "a link to a folder (not followed; list it to import it)",
            });
        } else if p.is_file() {
            if is_note(&name) {
                passed.push(Passed {
                    path: p,
                    reason: "a note, not an export",
                });
            } else {
                items.push(Item { parts: vec![p] });
            }
        } else if p.is_dir() {
            match unpacked_export(&p, limits) {
                Some(also) => {
                    items.push(Item { parts: vec![p] });
                    items.extend(also.into_iter().map(|a| Item { parts: vec![a] }));
                }
                None if depth + 1 < MAX_DEPTH => {
                    look_into(&p, depth + 1, skip, limits, items, passed)?;
                }
                None => passed.push(Passed {
                    path: p,
                    reason: "folders nested too deep",
                }),
            }
        }
    }
    Ok(())
}

/// A file that is never an export: documentation, scripts, checksums and signatures.
fn is_note(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem_notes = ["readme", "license", "licence", "changelog"];
    if stem_notes.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    let ext_notes = [
        ".md",
        ".markdown",
        ".py",
        ".sh",
        ".sha256",
        ".sha256sum",
        ".sha1",
        ".md5",
        ".sig",
        ".asc",
    ];
    ext_notes.iter().any(|x| lower.ends_with(x)) || lower == "thumbs.db" || lower == "desktop.ini"
}

/// A file name that is a dump of its own when it lies in a folder.
fn is_archive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".zip", ".tar", ".tar.gz", ".tgz", ".car", ".warc", ".warc.gz", ".wacz",
    ]
    .iter()
    .any(|x| lower.ends_with(x))
}

/// The format that recognises these entries by their names, if any.
fn recognised(entries: &[crate::container::Entry]) -> Option<&'static crate::import::Format> {
    formats()
        .iter()
        .filter_map(|f| (f.detect)(entries).map(|s| (s, f)))
        .max_by_key(|(s, _)| *s)
        .map(|(_, f)| f)
}

/// When the folder is one unpacked export (see the module's rule): the archive files
/// at its top that are dumps of their own as well.
pub(crate) fn unpacked_export(dir: &Path, limits: &Limits) -> Option<Vec<PathBuf>> {
    let mut c = Container::open(dir, limits, None).ok()?;
    let entries = c.take_entries();
    let format = recognised(&entries)?;
    // several exports side by side: one path under two sub-folders
    let mut under: HashMap<&str, &str> = HashMap::new();
    for e in &entries {
        if let Some((top, rest)) = e.name.split_once('/') {
            match under.get(rest) {
                Some(t) if *t != top => return None,
                Some(_) => {}
                None => {
                    under.insert(rest, top);
                }
            }
        }
    }
    // an archive file its importer does not read, itself an export
    let mut importer = (format.make)(&entries);
    let mut also = Vec::new();
    for e in &entries {
        if e.name.contains('/') || !is_archive_name(&e.name) || e.refused().is_some() {
            continue;
        }
        if matches!(importer.plan(e), Plan::Parse { .. } | Plan::Media { .. }) {
            continue;
        }
        let path = dir.join(&e.name);
        let own = Container::open(&path, limits, None)
            .ok()
            .is_some_and(|mut c| recognised(&c.take_entries()).is_some());
        if own {
            also.push(path);
        }
    }
    Some(also)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(net: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("formats")
            .join(net)
            .join("samples")
    }

    /// Every unpacked sample export is one dump; every samples folder (several
    /// exports side by side) is a folder of dumps, and its notes are passed over.
    #[test]
    fn sample_folders_are_told_apart() {
        let limits = Limits::default();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("formats");
        let mut nets: Vec<PathBuf> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("samples").is_dir())
            .collect();
        nets.sort();
        let mut dumps = 0;
        for net in nets {
            let dir = net.join("samples");
            let (items, passed) = find(&[Input::Dir(dir.clone())], &[], &limits).unwrap();
            let mut want: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy().to_string();
                    !n.starts_with('.') && !n.ends_with(".md") && !n.ends_with(".py")
                })
                .collect();
            want.sort();
            let got: Vec<PathBuf> = items.iter().map(|i| i.path().to_path_buf()).collect();
            assert_eq!(got, want, "{}", dir.display());
            assert!(passed.iter().all(|p| p.reason == "a note, not an export"));
            dumps += got.len();
        }
        assert!(dumps >= 70, "{dumps} sample dumps");
    }

    #[test]
    fn several_unpacked_exports_side_by_side_are_looked_into() {
        let limits = Limits::default();
        let one = |p: &Path| unpacked_export(p, &limits);
        assert_eq!(one(&samples("twitter").join("g3-2026")), Some(vec![]));
        assert_eq!(one(&samples("twitter")), None);
        assert_eq!(one(&samples("mastodon")), None);
        // a stray zip that is no export stays part of the export it is in
        assert_eq!(one(&samples("tumblr").join("html-2021")), Some(vec![]));
        // an export's zip beside an unpacked export is a dump of its own too
        let dir = std::env::temp_dir().join(format!("lifeboat-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("x")).unwrap();
        std::fs::write(
            dir.join("x/outbox.json"),
            std::fs::read(samples("mastodon").join("outbox-only/outbox.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(one(&dir.join("x")), Some(vec![]));
        std::fs::copy(
            samples("mastodon").join("archive-2023.zip"),
            dir.join("x/older.zip"),
        )
        .unwrap();
        assert_eq!(one(&dir.join("x")), Some(vec![dir.join("x/older.zip")]));
        let (items, _) = find(&[Input::Dir(dir.clone())], &[], &limits).unwrap();
        let got: Vec<PathBuf> = items.iter().map(|i| i.path().to_path_buf()).collect();
        assert_eq!(got, vec![dir.join("x"), dir.join("x/older.zip")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn list_lines() {
        let base = PathBuf::from("/base");
        let text = "# dumps\n\na.zip\n  \n/abs/b.zip\r\np1.zip\tp2.zip\n";
        let (items, _) = find(
            &[Input::List {
                text: text.into(),
                base: base.clone(),
            }],
            &[],
            &Limits::default(),
        )
        .unwrap();
        let got: Vec<Vec<PathBuf>> = items.into_iter().map(|i| i.parts).collect();
        assert_eq!(
            got,
            vec![
                vec![base.join("a.zip")],
                vec![PathBuf::from("/abs/b.zip")],
                vec![base.join("p1.zip"), base.join("p2.zip")],
            ]
        );
    }
}
