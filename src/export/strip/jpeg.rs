//! JPEG: rebuilt from its segments, through every scan, up to the end of the image.
//!
//! `img-parts` keeps everything after the first start-of-scan as one opaque tail
//! (later progressive scans with any `APPn` between them, and whatever follows the
//! end of image: MPF secondary pictures and maker trailers with their own EXIF), so it
//! cannot promise a clean file; this walker reads the entropy-coded data to find
//! each marker and keeps only what decoding needs.

use super::{exif_orientation, orientation_exif, Refused, Type};

fn refuse(why: &str) -> Refused {
    Refused::new(Type::Jpeg, why)
}

/// True for the segments a decoder needs (or that set colour): frames, tables,
/// scans, restart intervals, JFIF, ICC profiles and Adobe's colour transform.
fn keep(marker: u8, body: &[u8]) -> bool {
    match marker {
        // JFIF: version, density and an RGB thumbnail of the size it states, nothing
        // more (a longer segment could carry anything)
        0xE0 => {
            body.starts_with(b"JFIF\0")
                && match (body.get(12), body.get(13)) {
                    (Some(&w), Some(&h)) => body.len() == 14 + 3 * w as usize * h as usize,
                    _ => false,
                }
        }
        0xE2 => body.starts_with(b"ICC_PROFILE\0"),
        0xEE => body.starts_with(b"Adobe"),
        // SOF0–SOF15 (C4 DHT, C8 JPG reserved, CC DAC among them)
        0xC0..=0xC7 | 0xC9..=0xCF => true,
        // DQT, DNL, DRI, DHP, EXP, SOS
        0xDA..=0xDF => true,
        // JPEG-LS frame and parameters
        0xF7 | 0xF8 => true,
        // APP1 (EXIF, XMP), APP13 (IPTC), other APPn, COM, reserved: dropped
        _ => false,
    }
}

/// The cleaned JPEG.
pub(super) fn clean(b: &[u8]) -> Result<Vec<u8>, Refused> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(refuse("no start of image"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut orientation: Option<u16> = None;
    let mut placed_orientation = false;
    let mut scans = 0usize;
    let mut i = 2usize;
    // bytes that are not a marker are dropped, and so are fill bytes (0xFF runs)
    while let Some(k) = memchr::memchr(0xFF, b.get(i..).unwrap_or(&[])) {
        i += k;
        while b.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&marker) = b.get(i) else { break };
        i += 1;
        match marker {
            0xD9 => {
                // (a file without a scan shows nothing, but holds nothing either)
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0xD8 => return Err(refuse("a second start of image")),
            // stuffed zero or restart marker outside a scan, TEM: nothing to keep
            0x00 | 0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let len = match (b.get(i), b.get(i + 1)) {
            (Some(&h), Some(&l)) => u16::from_be_bytes([h, l]) as usize,
            _ => return Err(refuse("cut short inside a segment header")),
        };
        if len < 2 {
            return Err(refuse("a segment shorter than its length field"));
        }
        let end = i + len;
        let Some(body) = b.get(i + 2..end) else {
            return Err(refuse("cut short inside a segment"));
        };
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") && orientation.is_none() {
            orientation = body.get(6..).and_then(exif_orientation);
        }
        if keep(marker, body) {
            if !placed_orientation && !(0xE0..=0xEF).contains(&marker) {
                placed_orientation = true;
                if let Some(o) = orientation {
                    let mut app1 = b"Exif\0\0".to_vec();
                    app1.extend_from_slice(&orientation_exif(o));
                    out.extend_from_slice(&[0xFF, 0xE1]);
                    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
                    out.extend_from_slice(&app1);
                }
            }
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(b.get(i..end).unwrap_or(&[]));
        }
        i = end;
        if marker == 0xDA {
            scans += 1;
            // entropy-coded data: up to the next 0xFF that is neither a stuffed zero
            // nor a restart marker
            let start = i;
            let mut j = i;
            loop {
                match memchr::memchr(0xFF, b.get(j..).unwrap_or(&[])) {
                    None => {
                        j = b.len();
                        break;
                    }
                    Some(k) => {
                        j += k;
                        match b.get(j + 1) {
                            Some(0x00) | Some(0xD0..=0xD7) => j += 2,
                            None => {
                                j = b.len();
                                break;
                            }
                            Some(_) => break,
                        }
                    }
                }
            }
            out.extend_from_slice(b.get(start..j).unwrap_or(&[]));
            i = j;
        }
    }
    // cut short before the end of image: every byte was walked, so what there is is
    // clean; close it as decoders do
    if scans == 0 {
        return Err(refuse("no image data"));
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    Ok(out)
}
