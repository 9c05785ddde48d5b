//! Reading an archive back: its sources and its records, streamed.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::{
    Account, Conversation, Kind, Media, Message, Post, Reaction, Record, Relationship,
};

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
    created_at: String,
    #[serde(default)]
    sources: Vec<ArchiveSource>,
}

/// An archive opened for reading.
#[derive(Clone, Debug)]
pub struct Archive {
    root: PathBuf,
    schema_version: String,
    created_at: String,
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
            created_at: meta.created_at,
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

    /// When the archive was created (RFC 3339; kept by every later import).
    pub fn created_at(&self) -> &str {
        &self.created_at
    }

    /// A stable identifier of the archive, 16 lowercase hex digits: the start of the
    /// SHA-256 of its creation time and its first dump's SHA-256, both of which every
    /// later import keeps. It survives merges, moves and renames; two archives made of
    /// the same dump at different times have different ids. (The Parquet export names
    /// the archive's files with it, so that many archives share one dataset.)
    pub fn id(&self) -> String {
        use sha2::{Digest, Sha256};
        let first = self
            .sources
            .first()
            .map(|s| s.sha256.as_str())
            .unwrap_or("");
        let mut h = Sha256::new();
        h.update(self.created_at.as_bytes());
        h.update(b"\n");
        h.update(first.as_bytes());
        super::bag::hex(&h.finalize()).chars().take(16).collect()
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
            Ok(f) => Some(BufReader::with_capacity(1 << 16, f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Records {
            kind,
            path,
            lines,
            buf: Vec::new(),
            line: 0,
            at: 0,
            next_at: 0,
        })
    }
}

impl Archive {
    /// The accounts, streamed (the owner and every other account that appears).
    pub fn accounts(&self) -> Result<Typed<Account>> {
        Typed::of(self, Kind::Account)
    }

    /// The posts, streamed: anything published, comments and replies included.
    ///
    /// ```
    /// # fn main() -> lifeboat::Result<()> {
    /// # let tmp = std::env::temp_dir().join(format!("lifeboat-doc-posts-{}", std::process::id()));
    /// # let _ = std::fs::remove_dir_all(&tmp);
    /// # let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
    /// #     .join("formats/twitter/samples/g3-2026");
    /// # lifeboat::import(&dump, &tmp)?;
    /// let archive = lifeboat::Archive::open(&tmp)?;
    /// for post in archive.posts()? {
    ///     let post = post?;
    ///     assert!(post.id.starts_with("twitter:post:"));
    /// }
    /// # std::fs::remove_dir_all(&tmp).ok();
    /// # Ok(())
    /// # }
    /// ```
    pub fn posts(&self) -> Result<Typed<Post>> {
        Typed::of(self, Kind::Post)
    }

    /// The media records, streamed (the files are under [`Archive::root`]).
    pub fn media(&self) -> Result<Typed<Media>> {
        Typed::of(self, Kind::Media)
    }

    /// The relationships (follows, blocks, mutes, connections, list memberships).
    pub fn relationships(&self) -> Result<Typed<Relationship>> {
        Typed::of(self, Kind::Relationship)
    }

    /// The reactions (likes, favourites, bookmarks, votes).
    pub fn reactions(&self) -> Result<Typed<Reaction>> {
        Typed::of(self, Kind::Reaction)
    }

    /// The conversations (direct-message threads and group chats).
    pub fn conversations(&self) -> Result<Typed<Conversation>> {
        Typed::of(self, Kind::Conversation)
    }

    /// The messages of every conversation.
    pub fn messages(&self) -> Result<Typed<Message>> {
        Typed::of(self, Kind::Message)
    }
}

/// The records of one kind as their own type (see [`Archive::posts`] and its
/// siblings): an iterator of `Result<T>`, streamed like [`Records`].
pub struct Typed<T> {
    inner: Records,
    pick: fn(Record) -> Option<T>,
}

impl<T: FromRecord> Typed<T> {
    fn of(archive: &Archive, kind: Kind) -> Result<Typed<T>> {
        Ok(Typed {
            inner: archive.records(kind)?,
            pick: T::from_record,
        })
    }
}

impl<T> Iterator for Typed<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        let r = self.inner.next()?;
        Some(r.and_then(|r| {
            (self.pick)(r).ok_or_else(|| Error::Archive {
                path: self.inner.path.clone(),
                message: format!("line {}: a record of another kind", self.inner.line),
            })
        }))
    }
}

/// A record type that [`Typed`] can hand out.
pub trait FromRecord: Sized + private::Sealed {
    /// The record, when it is of this type.
    fn from_record(r: Record) -> Option<Self>;
}

mod private {
    pub trait Sealed {}
}

macro_rules! from_record {
    ($($t:ident),*) => {$(
        impl private::Sealed for $t {}
        impl FromRecord for $t {
            fn from_record(r: Record) -> Option<Self> {
                match r {
                    Record::$t(x) => Some(x),
                    _ => None,
                }
            }
        }
    )*};
}
from_record!(
    Account,
    Post,
    Media,
    Relationship,
    Reaction,
    Conversation,
    Message
);

/// The records of one kind of an archive, streamed (see [`Archive::records`]).
pub struct Records {
    kind: Kind,
    path: PathBuf,
    lines: Option<BufReader<File>>,
    buf: Vec<u8>,
    line: u64,
    /// Byte offset of the line last read, and of the next one.
    at: u64,
    next_at: u64,
}

impl Records {
    /// Where in its file the record last returned starts (for
    /// [`crate::export::lookup`], which reads it again from there).
    pub(crate) fn offset(&self) -> u64 {
        self.at
    }
}

impl Iterator for Records {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        let lines = self.lines.as_mut()?;
        loop {
            self.buf.clear();
            match lines.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(n) => {
                    self.at = self.next_at;
                    self.next_at += n as u64;
                }
                Err(e) => return Some(Err(Error::io(&self.path, e))),
            }
            self.line += 1;
            let l = match std::str::from_utf8(&self.buf) {
                Ok(l) => l,
                Err(_) => {
                    return Some(Err(Error::Archive {
                        path: self.path.clone(),
                        message: format!("line {}: not UTF-8", self.line),
                    }))
                }
            };
            if l.trim().is_empty() {
                continue;
            }
            return Some(Record::from_json(self.kind, l).map_err(|m| Error::Archive {
                path: self.path.clone(),
                message: format!("line {}: {m}", self.line),
            }));
        }
    }
}
