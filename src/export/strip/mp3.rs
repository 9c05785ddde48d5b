//! MP3: rebuilt from its MPEG audio frames alone. ID3v2 tags (at the start or
//! appended), ID3v1, APE and Lyrics3 tags and anything between frames are dropped:
//! only bytes that parse as a frame, of the stream's version, layer and sample rate,
//! are kept. Free-format streams (no frame length in the header) are refused.

use super::{Refused, Type};

fn refuse(why: &str) -> Refused {
    Refused::new(Type::Mp3, why)
}

/// A frame header: (version and layer and sample rate, for consistency; length).
fn frame(h: &[u8]) -> Option<((u8, u8, u8), usize)> {
    let (&b0, &b1, &b2) = (h.first()?, h.get(1)?, h.get(2)?);
    if b0 != 0xFF || b1 & 0xE0 != 0xE0 {
        return None;
    }
    let version = (b1 >> 3) & 3; // 0: 2.5, 2: 2, 3: 1
    let layer = (b1 >> 1) & 3; // 1: III, 2: II, 3: I
    let br_idx = (b2 >> 4) as usize;
    let sr_idx = ((b2 >> 2) & 3) as usize;
    let padding = ((b2 >> 1) & 1) as usize;
    if version == 1 || layer == 0 || br_idx == 0 || br_idx == 15 || sr_idx == 3 {
        return None;
    }
    const V1: [[u32; 15]; 3] = [
        [
            0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        ],
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        ],
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ],
    ];
    const V2: [[u32; 15]; 2] = [
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        ],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ];
    let kbps = match (version, layer) {
        (3, 3) => V1[0][br_idx],
        (3, 2) => V1[1][br_idx],
        (3, _) => V1[2][br_idx],
        (_, 3) => V2[0][br_idx],
        _ => V2[1][br_idx],
    } as usize
        * 1000;
    let rate = [44100usize, 48000, 32000][sr_idx]
        >> match version {
            3 => 0,
            2 => 1,
            _ => 2,
        };
    let len = match layer {
        3 => (12 * kbps / rate + padding) * 4,
        1 if version != 3 => 72 * kbps / rate + padding,
        _ => 144 * kbps / rate + padding,
    };
    (len >= 4).then_some(((version, layer, sr_idx as u8), len))
}

/// The length of an ID3v2 tag starting at `b`, header and footer included.
fn id3v2_len(b: &[u8]) -> Option<usize> {
    if !b.starts_with(b"ID3") {
        return None;
    }
    let s = b.get(6..10)?;
    if s.iter().any(|&x| x & 0x80 != 0) {
        return None;
    }
    let size = s.iter().fold(0usize, |a, &x| (a << 7) | x as usize);
    let footer = if b.get(5)? & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// The length of an APEv2 tag whose header or footer starts at `b`.
fn ape_len(b: &[u8]) -> Option<usize> {
    if !b.starts_with(b"APETAGEX") {
        return None;
    }
    let size = u32::from_le_bytes(b.get(12..16)?.try_into().ok()?) as usize;
    let flags = u32::from_le_bytes(b.get(20..24)?.try_into().ok()?);
    // the size counts the items and the footer; a header adds 32 bytes
    Some(size + if flags & (1 << 31) != 0 { 32 } else { 0 })
}

/// The cleaned MP3.
pub(super) fn clean(b: &[u8]) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0usize;
    let mut stream: Option<(u8, u8, u8)> = None;
    let mut frames = 0usize;
    while i < b.len() {
        let rest = b.get(i..).unwrap_or(&[]);
        if let Some(n) = id3v2_len(rest).or_else(|| ape_len(rest)) {
            i = i.saturating_add(n);
            continue;
        }
        if let Some((kind, len)) = frame(rest) {
            let same = stream.is_none_or(|s| s == kind);
            // a frame is believed when it is the stream's and what follows it is
            // another frame of the stream, a tag, or the end of the file
            let next_ok = match rest.get(len..) {
                Some([]) => true,
                Some(n) => {
                    frame(n).is_some_and(|(k, _)| k == kind)
                        || [b"TAG".as_slice(), b"ID3", b"APETAGEX", b"LYRICSBEGIN"]
                            .iter()
                            .any(|t| n.starts_with(t))
                }
                None => false,
            };
            if same && next_ok {
                if let Some(f) = rest.get(..len) {
                    out.extend_from_slice(f);
                    stream = Some(kind);
                    frames += 1;
                    i += len;
                    continue;
                }
            }
        }
        // not a frame: skipped (an ID3v1 `TAG`, Lyrics3, padding, junk)
        i += 1;
    }
    if frames == 0 {
        return Err(refuse("no audio frames (or a free-format stream)"));
    }
    Ok(out)
}
