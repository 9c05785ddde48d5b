//! List thumbnails, made at export from the pictures the site already publishes
//! (cleaned of metadata by [`crate::export::strip`]): decoded by the `image` crate
//! under memory and size limits, scaled to fit the list, and encoded anew (JPEG, or
//! PNG when the picture has transparency), so nothing of the original file but its
//! pixels survives: no EXIF, no GPS, no ICC profile, no comment.

use std::path::Path;

use image::{ImageReader, Limits};

/// The longest side of a thumbnail, in pixels (the list shows them at half that on a
/// standard screen, full size on a high-density one).
pub(super) const SIDE: u32 = 240;

/// Decoding limits: a picture bigger than this is listed without a thumbnail (its
/// full file is still linked from its post).
const MAX_PIXELS_SIDE: u32 = 16_384;
const MAX_ALLOC: u64 = 96 << 20;

/// Make the thumbnail of the published picture `src` at `dst_stem` + its extension;
/// returns that extension and its size, or `None` when the picture cannot be decoded within the
/// limits.
pub(super) fn make(src: &Path, dst_stem: &Path) -> Option<(&'static str, u32, u32)> {
    let mut r = ImageReader::open(src).ok()?.with_guessed_format().ok()?;
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_PIXELS_SIDE);
    l.max_image_height = Some(MAX_PIXELS_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    r.limits(l);
    let img = r.decode().ok()?;
    let t = if img.width() > SIDE || img.height() > SIDE {
        img.thumbnail(SIDE, SIDE)
    } else {
        img
    };
    let alpha = t.color().has_alpha();
    let (ext, out) = if alpha {
        ("png", image::DynamicImage::ImageRgba8(t.to_rgba8()))
    } else {
        ("jpg", image::DynamicImage::ImageRgb8(t.to_rgb8()))
    };
    let dst = dst_stem.with_extension(ext);
    let f = std::fs::File::create(&dst).ok()?;
    let mut w = std::io::BufWriter::new(f);
    let ok = if alpha {
        out.write_to(&mut w, image::ImageFormat::Png).is_ok()
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut w, 82)
            .encode_image(&out)
            .is_ok()
    };
    let ok = ok && std::io::Write::flush(&mut w).is_ok();
    if !ok {
        let _ = std::fs::remove_file(&dst);
        return None;
    }
    Some((ext, t.width(), t.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_picture_is_scaled_and_written_without_its_metadata() {
        let d = std::env::temp_dir().join(format!("lifeboat-thumb-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        let src = d.join("big.png");
        let img = image::RgbImage::from_fn(1200, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        img.save(&src).unwrap();
        assert_eq!(make(&src, &d.join("t")), Some(("jpg", 240, 120)));
        let t = image::open(d.join("t.jpg")).unwrap();
        assert_eq!((t.width(), t.height()), (240, 120));
        let bytes = std::fs::read(d.join("t.jpg")).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"));
        // not a picture: no thumbnail, nothing left behind
        std::fs::write(d.join("x.png"), b"not a png").unwrap();
        assert_eq!(make(&d.join("x.png"), &d.join("u")), None);
        assert!(!d.join("u.jpg").exists());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
