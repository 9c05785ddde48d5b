//! Media files as blobs: each cleaned of location and camera metadata as for every
//! public export (`strip`), hashed as written, and stored at `blobs/<cid>` (a raw
//! CIDv1 over SHA-256, as a PDS names blobs). A file referenced twice is written once.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::records::{Blob, MAX_IMAGE_BYTES, MAX_VIDEO_BYTES};
use crate::atproto::cid::Cid;
use crate::error::{Error, Result};
use crate::export::select::MediaLite;
use crate::export::Ctx;

/// What a media file may become in a record.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// An image of a post (`image/*`, up to 1,000,000 bytes).
    PostImage,
    /// A post's video (`video/mp4`, up to 100,000,000 bytes).
    Video,
    /// A profile's avatar or banner (`image/png` or `image/jpeg`, up to 1,000,000).
    Profile,
}

/// The blobs written so far, by media id.
pub(crate) struct Blobs {
    dir: PathBuf,
    /// By media id: the blob, or why the file is not published.
    done: HashMap<String, std::result::Result<Blob, String>>,
    /// Blobs on disk, by CID text.
    on_disk: HashMap<String, ()>,
    seq: u64,
}

struct Hashing<W: Write> {
    w: W,
    h: Sha256,
    n: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let n = self.w.write(b)?;
        self.h.update(&b[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// A raw CIDv1 (codec 0x55) of a SHA-256 digest.
pub(crate) fn raw_cid(digest: &[u8]) -> Result<Cid> {
    let mut b = vec![0x01, 0x55, 0x12, 0x20];
    b.extend_from_slice(digest);
    Cid::from_bytes(&b).map_err(|e| Error::Usage(format!("blob CID: {e}")))
}

impl Blobs {
    pub(crate) fn new(dir: &Path) -> Result<Blobs> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Blobs {
            dir: dir.to_path_buf(),
            done: HashMap::new(),
            on_disk: HashMap::new(),
            seq: 0,
        })
    }

    /// Number of blob files written.
    pub(crate) fn files(&self) -> usize {
        self.on_disk.len()
    }

    /// The blob of a media item for `use_`, written on first use; `Ok(Err(why))`
    /// when it cannot be one (not stored, not cleanable, wrong type, too large).
    pub(crate) fn blob(
        &mut self,
        ctx: &Ctx,
        id: &str,
        m: &MediaLite,
        use_: Use,
    ) -> Result<std::result::Result<Blob, String>> {
        let b = match self.done.get(id) {
            Some(b) => b.clone(),
            None => {
                let b = self.write(ctx, m)?;
                self.done.insert(id.to_string(), b.clone());
                b
            }
        };
        Ok(b.and_then(|b| fits(&b, use_).map(|_| b)))
    }

    fn write(&mut self, ctx: &Ctx, m: &MediaLite) -> Result<std::result::Result<Blob, String>> {
        let Some(src) = ctx.media_file(m) else {
            return Ok(Err(
                "the file is not in the archive (only its address is known)".into(),
            ));
        };
        let out = match ctx.outgoing(&src)? {
            Ok(o) => o,
            Err(why) => return Ok(Err(why)),
        };
        self.seq += 1;
        let tmp = self.dir.join(format!(".partial-{}", self.seq));
        let f = crate::export::out::create(&tmp)?;
        let mut w = Hashing {
            w: f,
            h: Sha256::new(),
            n: 0,
        };
        out.write_to(&mut w, &tmp)?;
        w.flush().map_err(|e| Error::io(&tmp, e))?;
        let cid = raw_cid(&w.h.finalize())?;
        let size = w.n;
        let key = cid.to_string();
        if self.on_disk.contains_key(&key) {
            std::fs::remove_file(&tmp).map_err(|e| Error::io(&tmp, e))?;
        } else {
            let dst = self.dir.join(&key);
            std::fs::rename(&tmp, &dst).map_err(|e| Error::io(&dst, e))?;
            self.on_disk.insert(key, ());
        }
        Ok(Ok(Blob {
            cid,
            mime: out.mime.to_string(),
            size,
        }))
    }
}

/// Whether a blob may serve `use_` (the lexicons' `accept` and `maxSize`).
fn fits(b: &Blob, use_: Use) -> std::result::Result<(), String> {
    let (ok, max, what) = match use_ {
        Use::PostImage => (b.mime.starts_with("image/"), MAX_IMAGE_BYTES, "an image"),
        Use::Video => (b.mime == "video/mp4", MAX_VIDEO_BYTES, "a video"),
        Use::Profile => (
            b.mime == "image/png" || b.mime == "image/jpeg",
            MAX_IMAGE_BYTES,
            "a profile image",
        ),
    };
    if !ok {
        return Err(format!(
            "{}: Bluesky does not take this type as {what}",
            b.mime
        ));
    }
    if b.size > max {
        return Err(format!(
            "over Bluesky's size limit for {what} ({max} bytes); it stays in the archive"
        ));
    }
    Ok(())
}
