//! The media a public export publishes: cleaned of location and camera metadata
//! ([`super::strip`]), or, when asked, as they are.

use std::path::{Path, PathBuf};

use super::out::create;
use super::report::Book;
use super::select::{Ctx, MediaLite};
use super::strip;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::{Kind, Media, Post};

impl Ctx<'_> {
    /// Media files of a post in a public format: the stored ones, with GPS/EXIF noted.
    pub(crate) fn post_media<'b>(&'b self, p: &'b Post) -> Vec<(&'b str, Arc<MediaLite>)> {
        p.media
            .iter()
            .filter_map(|id| self.media.get(id).map(|m| (id.as_str(), m)))
            .collect()
    }

    /// Make a stored media file ready to publish: its location and camera metadata
    /// removed ([`strip`]), its type told by its bytes. `Ok(Err(why))` when it is not
    /// published: a type lifeboat cannot clean or cannot show safely (HTML, SVG, PDF,
    /// unknown), or a damaged file. Fail closed.
    pub(crate) fn outgoing(&self, src: &Path) -> Result<std::result::Result<Outgoing, String>> {
        Ok(match strip::clean_file(src)? {
            Ok(c) => Ok(Outgoing {
                ext: c.ty.ext(),
                show: c.ty.show(),
                mime: c.ty.mime(),
                body: OutBody::Clean(c),
            }),
            Err(_) if self.publish_uncleaned_media => Ok(Outgoing {
                ext: "bin",
                show: strip::Show::Download,
                mime: "application/octet-stream",
                body: OutBody::Raw(src.to_path_buf()),
            }),
            Err(r) => Err(match r.ty {
                None => format!("{}; not published (it stays in the archive)", r.why),
                Some(t) => format!(
                    "{}: location and camera metadata could not be removed ({}); not published (it stays in the archive)",
                    t.mime(),
                    r.why
                ),
            }),
        })
    }

    /// [`Ctx::outgoing`], counting a file left out in `book`.
    pub(crate) fn prepare_media(&self, src: &Path, book: &mut Book) -> Result<Option<Outgoing>> {
        if self.publish_uncleaned_media {
            book.note(UNCLEANED_NOTE);
        }
        Ok(match self.outgoing(src)? {
            Ok(o) => Some(o),
            Err(why) => {
                book.lost(Kind::Media, why);
                book.note(LEFT_OUT_NOTE);
                None
            }
        })
    }

    /// The full path of a stored media file.
    pub(crate) fn media_file(&self, m: &MediaLite) -> Option<PathBuf> {
        let p = m.path.as_deref()?;
        if p.contains("..") {
            return None;
        }
        let f = self.archive.root().join(p);
        f.is_file().then_some(f)
    }
}

/// The note of an export run with `--publish-uncleaned-media`.
pub(crate) const UNCLEANED_NOTE: &str = "--publish-uncleaned-media: files lifeboat could not clean of metadata are published as they are (on the site as downloads)";
/// The note of an export that left media out because they could not be cleaned.
pub(crate) const LEFT_OUT_NOTE: &str = "media files that cannot be cleaned of location and camera metadata are left out; --publish-uncleaned-media publishes them as they are";

/// A media file ready to be published: cleaned (or, when asked, as it is).
pub(crate) struct Outgoing {
    /// The extension its published name gets (by its type, never the dump's).
    pub ext: &'static str,
    /// How the site may show it.
    pub show: strip::Show,
    /// Its MIME type.
    pub mime: &'static str,
    body: OutBody,
}

enum OutBody {
    Clean(strip::Clean),
    Raw(PathBuf),
}

impl Outgoing {
    /// Write the file to `w`.
    pub(crate) fn write_to(&self, w: &mut dyn std::io::Write, what: &Path) -> Result<u64> {
        match &self.body {
            OutBody::Clean(c) => c.write_to(w).map_err(|e| Error::io(what, e)),
            OutBody::Raw(src) => {
                let mut f = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
                std::io::copy(&mut f, w).map_err(|e| Error::io(what, e))
            }
        }
    }

    /// Write the file at `dst`.
    pub(crate) fn write_file(&self, dst: &Path) -> Result<()> {
        let mut f = create(dst)?;
        self.write_to(&mut f, dst)?;
        std::io::Write::flush(&mut f).map_err(|e| Error::io(dst, e))
    }
}

pub(super) fn lite_media(m: Media) -> MediaLite {
    let ext = (matches!(m.network.as_str(), "mastodon" | "wordpress") && !m.ext.is_empty())
        .then(|| match serde_json::to_value(&m.ext) {
            Ok(serde_json::Value::Object(o)) => Some(o),
            _ => None,
        })
        .flatten();
    MediaLite {
        kind: m.kind,
        mime: m.mime,
        path: m.path,
        bytes: m.bytes,
        alt: m.alt_text,
        original_url: m.original_url,
        ext,
    }
}
