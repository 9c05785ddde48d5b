//! PNG and WebP, read and written by `img-parts`; their chunk lists filtered by an
//! allowlist.

use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::Bytes;

use super::{exif_orientation, orientation_exif, Refused, Type};

/// The PNG chunks kept: critical, colour, transparency, physical size, animation.
/// `eXIf`, `tEXt`, `zTXt`, `iTXt` (XMP, ImageMagick's "Raw profile" EXIF), `tIME`
/// and every unknown or private chunk go.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

/// An EXIF block's TIFF bytes, with or without the `Exif\0\0` prefix JPEG uses.
fn tiff_of(exif: &[u8]) -> &[u8] {
    exif.strip_prefix(b"Exif\0\0".as_slice()).unwrap_or(exif)
}

/// The cleaned PNG.
pub(super) fn clean_png(b: Vec<u8>) -> Result<Vec<u8>, Refused> {
    let mut png = Png::from_bytes(Bytes::from(b))
        .map_err(|e| Refused::new(Type::Png, format!("damaged ({e})")))?;
    let orientation = png
        .chunk_by_type(*b"eXIf")
        .and_then(|c| exif_orientation(tiff_of(c.contents())));
    let chunks = png.chunks_mut();
    if chunks.first().map(|c| c.kind()) != Some(*b"IHDR") {
        return Err(Refused::new(Type::Png, "no header chunk first"));
    }
    chunks.retain(|c| PNG_KEEP.iter().any(|k| **k == c.kind()));
    if let Some(o) = orientation {
        // eXIf goes before the image data
        let at = chunks
            .iter()
            .position(|c| &c.kind() == b"IDAT")
            .unwrap_or(chunks.len());
        chunks.insert(
            at,
            PngChunk::new(*b"eXIf", Bytes::from(orientation_exif(o))),
        );
    }
    Ok(png.encoder().bytes().to_vec())
}

/// The WebP chunks kept: image data, alpha, animation, ICC profile. `EXIF`, `XMP `
/// and unknown chunks go.
const WEBP_KEEP: &[&[u8; 4]] = &[
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// The cleaned WebP.
pub(super) fn clean_webp(b: Vec<u8>) -> Result<Vec<u8>, Refused> {
    let mut webp = WebP::from_bytes(Bytes::from(b))
        .map_err(|e| Refused::new(Type::Webp, format!("damaged ({e})")))?;
    let orientation = webp
        .chunk_by_id(*b"EXIF")
        .and_then(|c| c.content().data())
        .and_then(|d| exif_orientation(tiff_of(d)));
    let chunks = webp.chunks_mut();
    chunks.retain(|c| WEBP_KEEP.iter().any(|k| **k == c.id()));
    if !chunks
        .iter()
        .any(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ANMF"))
    {
        return Err(Refused::new(Type::Webp, "no image data"));
    }
    let extended = chunks.iter().any(|c| &c.id() == b"VP8X");
    if let Some(o) = orientation.filter(|_| extended) {
        chunks.push(RiffChunk::new(
            *b"EXIF",
            RiffContent::Data(Bytes::from(orientation_exif(o))),
        ));
    }
    // VP8X flags: XMP (0x04) gone, EXIF (0x08) only when the orientation stayed
    for c in chunks.iter_mut() {
        if &c.id() == b"VP8X" {
            if let RiffContent::Data(d) = c.content_mut() {
                let mut v = d.to_vec();
                if let Some(f) = v.first_mut() {
                    *f &= !0x0C;
                    if orientation.is_some() {
                        *f |= 0x08;
                    }
                }
                *d = Bytes::from(v);
            }
        }
    }
    Ok(webp.encoder().bytes().to_vec())
}
