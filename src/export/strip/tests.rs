use super::media::{self, contains, leaks};
use super::*;

/// Clean `bytes` as a file would be.
fn run(bytes: &[u8]) -> std::result::Result<(Type, Vec<u8>), Refused> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = std::env::temp_dir().join(format!(
        "lifeboat-strip-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&p, bytes).unwrap();
    let r = clean_file(&p).unwrap().map(|c| (c.ty, c.to_vec().unwrap()));
    let _ = std::fs::remove_file(&p);
    r
}

fn clean_ok(bytes: &[u8], ty: Type) -> Vec<u8> {
    assert!(leaks(bytes).is_some(), "the test file carries no metadata");
    let (t, out) = run(bytes).unwrap_or_else(|r| panic!("{ty:?} refused: {r:?}"));
    assert_eq!(t, ty);
    assert_eq!(leaks(&out), None, "{ty:?} still holds metadata");
    // cleaning is idempotent
    let (_, again) = run(&out).unwrap_or_else(|r| panic!("{ty:?} cleaned refused: {r:?}"));
    assert_eq!(again, out, "{ty:?}: a second cleaning changed the file");
    out
}

/// The orientation of a JPEG's APP1 EXIF, when there is one.
fn jpeg_orientation(b: &[u8]) -> Option<u16> {
    let i = b.windows(6).position(|w| w == b"Exif\0\0")?;
    tiff::orientation(&b[i + 6..])
}

#[test]
fn jpeg_loses_exif_xmp_iptc_comments_and_trailers() {
    for fill in [false, true] {
        for orientation in [None, Some(6)] {
            let src = media::jpeg(fill, orientation);
            let out = clean_ok(&src, Type::Jpeg);
            assert!(out.starts_with(&[0xFF, 0xD8, 0xFF, 0xE0]));
            assert!(out.ends_with(&[0xFF, 0xD9]));
            // the frame, tables and scan are there, byte for byte
            let sof = src.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
            let eoi = src.windows(2).position(|w| w == [0xFF, 0xD9]).unwrap();
            assert!(contains(&out, &src[sof..eoi + 2]));
            assert_eq!(jpeg_orientation(&out), orientation, "fill {fill}");
            assert!(!contains(&out, b"http://ns.adobe.com/xap"));
            assert!(!contains(&out, b"Photoshop 3.0"));
        }
    }
}

#[test]
fn jpeg_scans_are_walked_to_the_end() {
    let out = clean_ok(&media::jpeg_two_scans(), Type::Jpeg);
    assert!(contains(&out, &[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]));
    assert!(contains(&out, &[0x78, 0x9A, 0xFF, 0xD9]));
    assert_eq!(out.windows(2).filter(|w| w == &[0xFF, 0xDA]).count(), 2);
}

#[test]
fn img_parts_alone_would_keep_the_trailer_exif() {
    // why the JPEG walker is our own (docs/decisions.md): img-parts keeps everything
    // after the first scan, which here holds a second picture's EXIF and GPS
    let src = media::jpeg(false, None);
    let mut j = img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::from(src)).unwrap();
    j.segments_mut()
        .retain(|s| !matches!(s.marker(), 0xE1 | 0xED | 0xFE));
    let out = j.encoder().bytes();
    assert!(leaks(&out).is_some());
}

#[test]
fn png_keeps_pixels_and_loses_text_chunks() {
    for orientation in [None, Some(8)] {
        let src = media::png(orientation);
        let out = clean_ok(&src, Type::Png);
        let png = img_parts::png::Png::from_bytes(img_parts::Bytes::from(out.clone())).unwrap();
        let kinds: Vec<[u8; 4]> = png.chunks().iter().map(|c| c.kind()).collect();
        let want: Vec<&[u8; 4]> = match orientation {
            Some(_) => vec![b"IHDR", b"eXIf", b"IDAT", b"IEND"],
            None => vec![b"IHDR", b"IDAT", b"IEND"],
        };
        assert_eq!(kinds.iter().collect::<Vec<_>>(), want);
        let idat = src.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
        let len = u32::from_be_bytes(src[idat..idat + 4].try_into().unwrap()) as usize;
        assert!(contains(&out, &src[idat..idat + 12 + len]), "IDAT changed");
        if let Some(o) = orientation {
            let e = png.chunk_by_type(*b"eXIf").unwrap();
            assert_eq!(tiff::orientation(e.contents()), Some(o));
        }
    }
}

#[test]
fn gif_keeps_the_image_and_the_loop() {
    let out = clean_ok(&media::gif(), Type::Gif);
    assert!(contains(&out, media::GIF_IMAGE));
    assert!(contains(&out, b"NETSCAPE2.0"));
    assert!(!contains(&out, b"XMP DataXMP"));
    assert_eq!(out.last(), Some(&0x3B));
}

#[test]
fn webp_loses_exif_and_xmp_chunks_and_flags() {
    for orientation in [None, Some(3)] {
        let out = clean_ok(&media::webp(orientation), Type::Webp);
        assert!(contains(&out, media::WEBP_VP8L));
        assert!(!contains(&out, b"XMP "));
        assert_eq!(
            u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize,
            out.len() - 8
        );
        let flags = out[20];
        assert_eq!(flags & 0x04, 0, "XMP flag left set");
        assert_eq!(flags & 0x08 != 0, orientation.is_some(), "EXIF flag");
    }
}

/// The tags of IFD0 of a TIFF.
fn ifd0_tags(b: &[u8]) -> Vec<u16> {
    let le = b.starts_with(b"II");
    let u16_at = |i: usize| {
        let s = [b[i], b[i + 1]];
        if le {
            u16::from_le_bytes(s)
        } else {
            u16::from_be_bytes(s)
        }
    };
    let s = [b[4], b[5], b[6], b[7]];
    let at = if le {
        u32::from_le_bytes(s)
    } else {
        u32::from_be_bytes(s)
    } as usize;
    (0..u16_at(at) as usize)
        .map(|k| u16_at(at + 2 + 12 * k))
        .collect()
}

#[test]
fn tiff_keeps_the_image_tags_and_zeroes_the_rest() {
    for le in [true, false] {
        let src = media::tiff(le);
        let out = clean_ok(&src, Type::Tiff);
        assert_eq!(out.len(), src.len(), "offsets must not move");
        assert!(out.ends_with(&media::TIFF_PIXELS));
        let tags = ifd0_tags(&out);
        for gone in [270, 271, 700, 33723, 34665, 34853] {
            assert!(!tags.contains(&gone), "tag {gone} kept: {tags:?}");
        }
        for kept in [
            256, 257, 258, 259, 262, 273, 274, 277, 278, 279, 282, 283, 296,
        ] {
            assert!(tags.contains(&kept), "tag {kept} lost: {tags:?}");
        }
    }
}

#[test]
fn movies_lose_locations_and_gps_tracks_in_place() {
    for (mov, ty) in [(false, Type::Mp4), (true, Type::Mov)] {
        let (src, offs) = media::movie(mov);
        let out = clean_ok(&src, ty);
        assert_eq!(out.len(), src.len(), "offsets must not move");
        for (s, o) in media::VIDEO_SAMPLES.iter().zip(offs) {
            let o = o as usize;
            assert_eq!(&out[o..o + s.len()], *s, "a video sample changed");
        }
        assert!(!contains(&out, b"\xa9xyz"));
        assert!(!contains(&out, b"com.apple.quicktime.location"));
        // the video track's tables are untouched
        let stco = src.windows(4).position(|w| w == b"stco").unwrap();
        assert_eq!(&out[stco - 4..stco + 20], &src[stco - 4..stco + 20]);
    }
}

#[test]
fn webm_loses_tags_attachments_and_titles_in_place() {
    let src = media::webm();
    let out = clean_ok(&src, Type::Webm);
    assert_eq!(out.len(), src.len(), "offsets must not move");
    for b in media::WEBM_BLOCKS {
        let i = src.windows(b.len()).position(|w| w == b).unwrap();
        assert_eq!(&out[i..i + b.len()], b, "a block moved or changed");
    }
    assert!(contains(&out, b"V_VP8"));
    assert!(contains(&out, b"webm"));
}

#[test]
fn mp3_keeps_its_frames_only() {
    let out = clean_ok(&media::mp3(), Type::Mp3);
    let want: Vec<u8> = (0..3).flat_map(media::mp3_frame).collect();
    assert_eq!(out, want);
}

#[test]
fn m4a_audio_is_cleaned_like_a_movie() {
    let (mut src, _) = media::movie(false);
    src[8..12].copy_from_slice(b"M4A ");
    let out = clean_ok(&src, Type::M4a);
    assert_eq!(out.len(), src.len());
    assert!(!contains(&out, b"loci"));
}

#[test]
fn heif_and_avif_items_are_emptied() {
    for (avif, ty) in [(false, Type::Heic), (true, Type::Avif)] {
        let src = media::heif(avif);
        let out = clean_ok(&src, ty);
        assert_eq!(out.len(), src.len());
        let i = src
            .windows(media::HEIF_IMAGE.len())
            .position(|w| w == media::HEIF_IMAGE)
            .unwrap();
        assert_eq!(&out[i..i + media::HEIF_IMAGE.len()], media::HEIF_IMAGE);
        // the EXIF item is now an empty, valid EXIF block
        let e = i + media::HEIF_IMAGE.len();
        assert_eq!(&out[e..e + 18], b"\0\0\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0");
    }
}

#[test]
fn active_and_unknown_types_are_refused() {
    for b in [
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".as_slice(),
        b"<!DOCTYPE html><script>alert(1)</script>",
        b"%PDF-1.7 SECRETCAM",
        b"",
    ] {
        let r = run(b).unwrap_err();
        assert_eq!(r.ty, None);
    }
    // damaged files of known types
    let mut png = media::png(None);
    let n = png.len();
    png[n - 40] ^= 0xFF; // inside IDAT: its CRC no longer matches
    assert_eq!(run(&png).unwrap_err().ty, Some(Type::Png));
    let jpeg = media::jpeg(false, None);
    assert!(run(&jpeg[..30]).is_err());
    let (mut mp4, _) = media::movie(false);
    let moov = mp4.windows(4).position(|w| w == b"moov").unwrap();
    mp4[moov - 4..moov].copy_from_slice(&u32::MAX.to_be_bytes());
    assert_eq!(run(&mp4).unwrap_err().ty, Some(Type::Mp4));
}

#[test]
fn a_fragmented_movie_with_a_gps_track_is_refused() {
    let (mut src, _) = media::movie(false);
    src.extend(media::bx(b"moof", &[0u8; 8]));
    let r = run(&src).unwrap_err();
    assert!(r.why.contains("fragmented"), "{r:?}");
}

#[test]
fn damaged_files_never_panic_and_cut_files_never_leak() {
    // a flipped length may make a kept structure claim bytes that held metadata (no
    // reader can tell such a file from a picture whose pixels spell them); a cut file
    // claims nothing new, so nothing may leak from it. Every output is stable.
    let files = [
        media::jpeg(true, Some(6)),
        media::png(Some(6)),
        media::gif(),
        media::webp(Some(6)),
        media::tiff(true),
        media::tiff(false),
        media::movie(false).0,
        media::movie(true).0,
        media::heif(false),
        media::mp3(),
        media::webm(),
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for f in &files {
        for _ in 0..200 {
            let mut m = f.clone();
            let cut = match next() % 3 {
                0 => {
                    let i = (next() as usize) % m.len();
                    m[i] ^= 1 << (next() % 8);
                    false
                }
                1 => {
                    m.truncate((next() as usize) % m.len());
                    true
                }
                _ => {
                    let i = (next() as usize) % m.len();
                    m[i] = 0xFF;
                    false
                }
            };
            if let Ok((_, out)) = run(&m) {
                if cut {
                    assert_eq!(leaks(&out), None, "a cut file leaked");
                }
                let again = run(&out).map(|x| x.1);
                if again.as_ref().ok() != Some(&out) {
                    let d = m.iter().zip(f.iter()).position(|(a, b)| a != b);
                    let e = again
                        .as_ref()
                        .map(|a| a.iter().zip(out.iter()).position(|(a, b)| a != b));
                    panic!(
                        "unstable output: mutation at {d:?} len {} of {}; second differs at {e:?}",
                        m.len(),
                        f.len()
                    );
                }
            }
        }
    }
}
