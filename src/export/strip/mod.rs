//! Location and camera metadata removed from every media file an export publishes
//! (the offline site, the Mastodon archive), or the file is not published.
//!
//! The type of a file is told by its bytes ([`sniff`]), never by its name or the type
//! the dump declared. Each format is then cleaned by an **allowlist**: what is needed
//! to show the picture or play the sound is kept, everything else goes.
//!
//! | format | how | kept |
//! | --- | --- | --- |
//! | JPEG | rebuilt segment by segment through every scan, to the end of image | JFIF `APP0`, ICC `APP2`, Adobe `APP14`, tables, frames, scans; the EXIF orientation alone |
//! | PNG | `img-parts`, chunks filtered | critical, colour, APNG and physical chunks; the EXIF orientation alone |
//! | WebP | `img-parts`, RIFF chunks filtered, `VP8X` flags corrected | image, alpha, animation, ICC; the EXIF orientation alone |
//! | GIF | rebuilt block by block to the trailer | images, graphic control, looping extension |
//! | TIFF | IFDs rewritten in place; every byte no kept tag points at is zeroed | the tags that decode the image |
//! | HEIC/AVIF | items: EXIF emptied, XMP and other metadata items zeroed, `mdat` bytes no item or track uses zeroed | the image items and their properties |
//! | WebM/MKV | in place: tags, attachments, chapters, titles, dates, app and track names become zeroed `Void` elements | seek head, tracks, clusters, cues |
//! | MP3 | rebuilt from its MPEG audio frames | the frames; ID3v1/v2, APE, Lyrics3 tags and junk go |
//! | MP4/MOV/M4A | `udta`, `meta`, `uuid` and unknown boxes wiped (renamed `free`, zeroed); timed metadata tracks' samples and every `mdat` byte no kept track uses zeroed | the audio, video and text tracks |
//!
//! A file of any other type, or one whose structure cannot be walked to its end, is
//! refused ([`Refused`]): fail closed. Sizes and offsets are checked against the
//! bytes there are; nothing here panics on a hostile file.

mod bmff;
mod ebml;
mod gif;
mod jpeg;
mod mp3;
mod riff_png;
mod tiff;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The most bytes of an image read into memory to be cleaned.
const MAX_IMAGE: u64 = 256 << 20;

/// A media type lifeboat can clean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
    Heic,
    Tiff,
    Mp4,
    Mov,
    M4a,
    Mp3,
    Webm,
    Mkv,
}

/// How the site may show a file of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Show {
    Image,
    Video,
    Audio,
    /// Cleaned, but browsers do not show it: a download link.
    Download,
}

impl Type {
    /// The MIME type.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Type::Jpeg => "image/jpeg",
            Type::Png => "image/png",
            Type::Gif => "image/gif",
            Type::Webp => "image/webp",
            Type::Avif => "image/avif",
            Type::Heic => "image/heic",
            Type::Tiff => "image/tiff",
            Type::Mp4 => "video/mp4",
            Type::Mov => "video/quicktime",
            Type::M4a => "audio/mp4",
            Type::Mp3 => "audio/mpeg",
            Type::Webm => "video/webm",
            Type::Mkv => "video/x-matroska",
        }
    }

    /// The file name extension a published file gets (never the dump's own).
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Type::Jpeg => "jpg",
            Type::Png => "png",
            Type::Gif => "gif",
            Type::Webp => "webp",
            Type::Avif => "avif",
            Type::Heic => "heic",
            Type::Tiff => "tif",
            Type::Mp4 => "mp4",
            Type::Mov => "mov",
            Type::M4a => "m4a",
            Type::Mp3 => "mp3",
            Type::Webm => "webm",
            Type::Mkv => "mkv",
        }
    }

    /// How the offline site shows it.
    pub(crate) fn show(self) -> Show {
        match self {
            Type::Jpeg | Type::Png | Type::Gif | Type::Webp | Type::Avif => Show::Image,
            Type::Mp4 | Type::Mov | Type::Webm => Show::Video,
            Type::M4a | Type::Mp3 => Show::Audio,
            Type::Heic | Type::Tiff | Type::Mkv => Show::Download,
        }
    }
}

/// Why a file cannot be published cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// The type when it was recognised.
    pub ty: Option<Type>,
    /// Why, for the report.
    pub why: String,
}

impl Refused {
    fn new(ty: Type, why: impl Into<String>) -> Refused {
        Refused {
            ty: Some(ty),
            why: why.into(),
        }
    }
}

/// The type of a file from its first bytes (at least 32 are needed).
pub(crate) fn sniff(head: &[u8]) -> Option<Type> {
    let at = |r: std::ops::Range<usize>| head.get(r).unwrap_or(&[]);
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Type::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Type::Png);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Type::Gif);
    }
    if head.starts_with(b"RIFF") && at(8..12) == b"WEBP" {
        return Some(Type::Webp);
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return Some(Type::Tiff);
    }
    if let Some(t) = bmff::sniff(head).or_else(|| ebml::sniff(head)) {
        return Some(t);
    }
    // MP3: an ID3v2 tag, or a frame header whose next frame follows (checked when
    // the file is cleaned)
    if head.starts_with(b"ID3") && head.get(3).is_some_and(|&v| (2..=4).contains(&v)) {
        return Some(Type::Mp3);
    }
    if head.first() == Some(&0xFF) && head.get(1).is_some_and(|b| b & 0xE6 == 0xE2) {
        return Some(Type::Mp3);
    }
    None
}

/// A cleaned file: its type, and either new bytes or the source with patches.
pub(crate) struct Clean {
    pub ty: Type,
    body: Body,
}

enum Body {
    Bytes(Vec<u8>),
    /// The source file with byte ranges replaced (sorted, not overlapping).
    Patched(PathBuf, Vec<Patch>),
}

/// Bytes `at..at+len` of the source replaced by `with` (zeros when `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Patch {
    pub at: u64,
    pub len: u64,
    pub with: Option<Vec<u8>>,
}

impl Clean {
    /// Write the cleaned file to `w`; returns the bytes written.
    pub(crate) fn write_to(&self, w: &mut dyn Write) -> std::io::Result<u64> {
        match &self.body {
            Body::Bytes(b) => {
                w.write_all(b)?;
                Ok(b.len() as u64)
            }
            Body::Patched(src, patches) => {
                let mut f = File::open(src)?;
                copy_patched(&mut f, patches, w)
            }
        }
    }

    /// The cleaned bytes.
    #[cfg(test)]
    pub(crate) fn to_vec(&self) -> std::io::Result<Vec<u8>> {
        let mut v = Vec::new();
        self.write_to(&mut v)?;
        Ok(v)
    }
}

/// Copy `src` to `w`, applying `patches`.
fn copy_patched<R: Read + Seek>(
    src: &mut R,
    patches: &[Patch],
    w: &mut dyn Write,
) -> std::io::Result<u64> {
    let mut pos = 0u64;
    let mut written = 0u64;
    src.seek(SeekFrom::Start(0))?;
    let zeros = [0u8; 1 << 14];
    for p in patches {
        if p.at < pos {
            return Err(std::io::Error::other("overlapping patches"));
        }
        written += std::io::copy(&mut src.by_ref().take(p.at - pos), w)?;
        match &p.with {
            Some(b) if b.len() as u64 == p.len => w.write_all(b)?,
            Some(_) => return Err(std::io::Error::other("a patch of the wrong length")),
            None => {
                let mut left = p.len;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    w.write_all(zeros.get(..n).unwrap_or(&zeros))?;
                    left -= n as u64;
                }
            }
        }
        written += p.len;
        pos = p.at + p.len;
        src.seek(SeekFrom::Start(pos))?;
    }
    written += std::io::copy(src, w)?;
    Ok(written)
}

/// Sort patches and refuse overlapping ones.
/// Sort patches; refuse overlapping ones and any beyond the file's `len` bytes.
fn settle(mut patches: Vec<Patch>, len: u64, ty: Type) -> std::result::Result<Vec<Patch>, Refused> {
    patches.retain(|p| p.len > 0);
    patches.sort_by_key(|p| p.at);
    let mut end = 0u64;
    for p in &patches {
        if p.at < end {
            return Err(Refused::new(ty, "its metadata overlaps the image data"));
        }
        end = p.at.saturating_add(p.len);
        if end > len {
            return Err(Refused::new(ty, "damaged (data outside the file)"));
        }
    }
    Ok(patches)
}

/// Clean the file at `path`. `Ok(Err(_))` when the file cannot be cleaned (an unknown
/// or active type, a damaged structure); `Err` only for an I/O error.
pub(crate) fn clean_file(path: &Path) -> Result<std::result::Result<Clean, Refused>> {
    let io = |e| Error::io(path, e);
    let mut f = File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = [0u8; 64];
    let mut n = 0;
    while n < head.len() {
        let k = f.read(head.get_mut(n..).unwrap_or(&mut [])).map_err(io)?;
        if k == 0 {
            break;
        }
        n += k;
    }
    let Some(ty) = sniff(head.get(..n).unwrap_or(&[])) else {
        return Ok(Err(Refused {
            ty: None,
            why: "not a picture, video or sound of a type lifeboat can clean".into(),
        }));
    };
    if matches!(
        ty,
        Type::Mp4 | Type::Mov | Type::M4a | Type::Heic | Type::Avif
    ) {
        return Ok(bmff::clean(&mut f, len, ty).map(|patches| Clean {
            ty,
            body: Body::Patched(path.to_path_buf(), patches),
        }));
    }
    if matches!(ty, Type::Webm | Type::Mkv) {
        return Ok(ebml::clean(&mut f, len, ty).map(|patches| Clean {
            ty,
            body: Body::Patched(path.to_path_buf(), patches),
        }));
    }
    if len > MAX_IMAGE {
        return Ok(Err(Refused::new(ty, "too large to clean")));
    }
    let mut b = Vec::with_capacity(len as usize);
    f.seek(SeekFrom::Start(0)).map_err(io)?;
    f.take(MAX_IMAGE).read_to_end(&mut b).map_err(io)?;
    Ok(clean_bytes(b, ty).map(|bytes| Clean {
        ty,
        body: Body::Bytes(bytes),
    }))
}

/// Clean an image held in memory.
fn clean_bytes(b: Vec<u8>, ty: Type) -> std::result::Result<Vec<u8>, Refused> {
    match ty {
        Type::Jpeg => jpeg::clean(&b),
        Type::Png => riff_png::clean_png(b),
        Type::Webp => riff_png::clean_webp(b),
        Type::Gif => gif::clean(&b),
        Type::Tiff => tiff::clean(b),
        Type::Mp3 => mp3::clean(&b),
        _ => Err(Refused::new(ty, "not an image held in memory")),
    }
}

/// A minimal EXIF block (a TIFF header and one IFD) holding only `orientation`, so that
/// a picture taken sideways is still shown upright once its EXIF is gone.
fn orientation_exif(orientation: u16) -> Vec<u8> {
    let mut t = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

/// The orientation (2–8) an EXIF block (starting at its TIFF header) gives, when it
/// is not the default.
fn exif_orientation(tiff_bytes: &[u8]) -> Option<u16> {
    tiff::orientation(tiff_bytes).filter(|o| (2..=8).contains(o))
}

#[cfg(test)]
#[path = "../../../tests/media/mod.rs"]
mod media;

#[cfg(test)]
mod tests;
