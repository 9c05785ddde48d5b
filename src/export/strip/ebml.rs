//! WebM and Matroska: cleaned in place (no offset moves, the clusters are never read
//! into memory). At the segment level only the seek head, segment info, tracks,
//! clusters and cues stay; tags, attachments (cover pictures), chapters and unknown
//! elements become `Void` elements of the same size, zero-filled. Inside the segment
//! info only the timestamp scale, duration and segment UUID stay (title, date, muxing
//! and writing applications go); track names go. Bytes after the segment are zeroed.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::{settle, Patch, Refused, Type};

const SEGMENT: u32 = 0x1853_8067;
const CLUSTER: u32 = 0x1F43_B675;
const VOID: u32 = 0xEC;
/// Segment children kept as they are.
const SEGMENT_KEEP: &[u32] = &[0x114D_9B74, CLUSTER, 0x1C53_BB6B, VOID, 0xBF];
const INFO: u32 = 0x1549_A966;
const TRACKS: u32 = 0x1654_AE6B;
/// Segment info children kept: timestamp scale, duration, segment UUID, CRC, void.
const INFO_KEEP: &[u32] = &[0x2A_D7B1, 0x4489, 0x73A4, 0xBF, VOID];
const TRACK_ENTRY: u32 = 0xAE;
const TRACK_NAME: u32 = 0x536E;
/// Elements that may follow a cluster of unknown size at the segment level.
const TOP: &[u32] = &[
    0x114D_9B74,
    INFO,
    TRACKS,
    CLUSTER,
    0x1C53_BB6B,
    0x1043_A770,
    0x1254_C367,
    0x1941_A469,
];

/// The type of an EBML file from its first bytes, by its DocType.
pub(super) fn sniff(head: &[u8]) -> Option<Type> {
    if !head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return None;
    }
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w == s);
    if has(b"webm") {
        Some(Type::Webm)
    } else if has(b"matroska") {
        Some(Type::Mkv)
    } else {
        None
    }
}

/// An element header: (id, header length, data size or `None` when unknown).
fn header(h: &[u8]) -> Option<(u32, u64, Option<u64>)> {
    let first = *h.first()?;
    let id_len = first.leading_zeros() as usize + 1;
    if id_len > 4 {
        return None;
    }
    let id = h
        .get(..id_len)?
        .iter()
        .fold(0u32, |a, &b| (a << 8) | b as u32);
    let s0 = *h.get(id_len)?;
    let size_len = s0.leading_zeros() as usize + 1;
    if size_len > 8 {
        return None;
    }
    let bytes = h.get(id_len..id_len + size_len)?;
    let mask = if size_len == 8 { 0 } else { 0xFFu8 >> size_len };
    let mut v = (s0 & mask) as u64;
    for &b in bytes.get(1..).unwrap_or(&[]) {
        v = (v << 8) | b as u64;
    }
    let all_ones = v == (1u64 << (7 * size_len)) - 1;
    Some((id, (id_len + size_len) as u64, (!all_ones).then_some(v)))
}

/// Patches that turn the `n` bytes at `at` into one zero-filled `Void` element.
fn void(at: u64, n: u64, patches: &mut Vec<Patch>) -> bool {
    let head: Vec<u8> = if n < 2 {
        return false;
    } else if n < 9 {
        vec![0xEC, 0x80 | (n - 2) as u8]
    } else {
        let mut h = vec![0xEC, 0x01];
        h.extend_from_slice(&(n - 9).to_be_bytes()[1..]);
        h
    };
    let k = head.len() as u64;
    patches.push(Patch {
        at,
        len: k,
        with: Some(head),
    });
    patches.push(Patch {
        at: at + k,
        len: n - k,
        with: None,
    });
    true
}

fn damaged(ty: Type, what: &str) -> Refused {
    Refused::new(ty, format!("damaged ({what})"))
}

fn read_at(f: &mut File, at: u64, n: u64, ty: Type) -> Result<Vec<u8>, Refused> {
    let bad = |_| damaged(ty, "unreadable");
    f.seek(SeekFrom::Start(at)).map_err(bad)?;
    let mut v = Vec::with_capacity(n.min(1 << 16) as usize);
    f.take(n).read_to_end(&mut v).map_err(bad)?;
    Ok(v)
}

/// Void the children of the element held in `buf` (at file offset `base`, children
/// from `from`) that `keep` refuses; descend into `TrackEntry` elements.
fn filter(
    buf: &[u8],
    from: usize,
    base: u64,
    keep: &dyn Fn(u32) -> bool,
    patches: &mut Vec<Patch>,
    ty: Type,
) -> Result<(), Refused> {
    let mut pos = from;
    while pos < buf.len() {
        let (id, hl, size) =
            header(buf.get(pos..).unwrap_or(&[])).ok_or_else(|| damaged(ty, "an element"))?;
        let size = size.ok_or_else(|| damaged(ty, "an element of unknown size"))?;
        let end = (pos as u64 + hl)
            .checked_add(size)
            .filter(|&e| e <= buf.len() as u64)
            .ok_or_else(|| damaged(ty, "an element larger than its parent"))?
            as usize;
        if id == TRACK_ENTRY {
            filter(
                buf.get(..end).unwrap_or(&[]),
                pos + hl as usize,
                base,
                &|i| i != TRACK_NAME,
                patches,
                ty,
            )?;
        } else if !keep(id) && !void(base + pos as u64, (end - pos) as u64, patches) {
            return Err(damaged(ty, "an element too small to void"));
        }
        pos = end;
    }
    Ok(())
}

/// The patches that clean the EBML file `f` of `len` bytes.
pub(super) fn clean(f: &mut File, len: u64, ty: Type) -> Result<Vec<Patch>, Refused> {
    let mut patches = Vec::new();
    let h = read_at(f, 0, 16, ty)?;
    let (id, hl, size) = header(&h).ok_or_else(|| damaged(ty, "no EBML header"))?;
    if id != 0x1A45_DFA3 {
        return Err(damaged(ty, "no EBML header"));
    }
    let mut pos = hl + size.ok_or_else(|| damaged(ty, "an EBML header of unknown size"))?;
    let h = read_at(f, pos, 16, ty)?;
    let (id, hl, size) = header(&h).ok_or_else(|| damaged(ty, "no segment"))?;
    if id != SEGMENT {
        return Err(damaged(ty, "no segment"));
    }
    let seg_end = match size {
        Some(s) => pos
            .checked_add(hl)
            .and_then(|x| x.checked_add(s))
            .filter(|&e| e <= len)
            .ok_or_else(|| damaged(ty, "a segment larger than the file"))?,
        None => len,
    };
    pos += hl;
    let mut elements = 0u64;
    while pos < seg_end {
        elements += 1;
        if elements > 10_000_000 {
            return Err(damaged(ty, "too many elements"));
        }
        let h = read_at(f, pos, 16, ty)?;
        let (id, hl, size) = header(&h).ok_or_else(|| damaged(ty, "an element"))?;
        let end = match size {
            Some(s) => pos
                .checked_add(hl)
                .and_then(|x| x.checked_add(s))
                .filter(|&e| e <= seg_end)
                .ok_or_else(|| damaged(ty, "an element larger than the segment"))?,
            // a live recording's cluster: it ends where the next top-level element
            // starts
            None if id == CLUSTER => {
                let mut p = pos + hl;
                while p < seg_end {
                    let h = read_at(f, p, 16, ty)?;
                    let (cid, chl, csize) = header(&h).ok_or_else(|| damaged(ty, "a block"))?;
                    if TOP.contains(&cid) {
                        break;
                    }
                    let csize = csize.ok_or_else(|| damaged(ty, "a block of unknown size"))?;
                    p = p
                        .checked_add(chl)
                        .and_then(|x| x.checked_add(csize))
                        .filter(|&e| e <= seg_end)
                        .ok_or_else(|| damaged(ty, "a block larger than the segment"))?;
                }
                p
            }
            None => return Err(damaged(ty, "an element of unknown size")),
        };
        if id == INFO || id == TRACKS {
            if end - pos > 16 << 20 {
                return Err(damaged(ty, "a header element too large"));
            }
            let buf = read_at(f, pos, end - pos, ty)?;
            let keep: &dyn Fn(u32) -> bool = if id == INFO {
                &|i| INFO_KEEP.contains(&i)
            } else {
                &|_| true
            };
            filter(&buf, hl as usize, pos, keep, &mut patches, ty)?;
        } else if !SEGMENT_KEEP.contains(&id) && !void(pos, end - pos, &mut patches) {
            return Err(damaged(ty, "an element too small to void"));
        }
        pos = end;
    }
    if seg_end < len {
        patches.push(Patch {
            at: seg_end,
            len: len - seg_end,
            with: None,
        });
    }
    settle(patches, len, ty)
}
