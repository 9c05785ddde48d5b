//! ISO base media files (MP4, M4A, QuickTime MOV, HEIC, AVIF): cleaned in place, so
//! that no offset moves and a video of any size is streamed, never held in memory.
//!
//! * `udta` (QuickTime `©xyz` and 3GPP `loci` locations, `©mak`/`©mod`, `XMP_`),
//!   `meta` (QuickTime keys such as `com.apple.quicktime.location.ISO6709`, iTunes
//!   tags), `uuid` (XMP, maker boxes) and unknown boxes at the top level and anywhere
//!   in `moov` are wiped: renamed `free` and zeroed.
//! * Timed metadata tracks (handler `meta`, or `gpmd`, `camm`, `mebx`, `rtmd`… samples:
//!   GPS logs of action and phone cameras) lose their samples; every byte of `mdat`
//!   (and of `free`/`skip` space) that no kept track or image item uses is zeroed, so
//!   nothing hides in unreferenced space.
//! * HEIF/AVIF items: an `Exif` item becomes an empty EXIF block (a valid header, no
//!   tags), `mime` (XMP) and `uri ` items are zeroed; image items stay.
//!
//! Refused: a fragmented file with a metadata track (its samples are described by
//! `moof` boxes, not walked here), data in other files, compressed movie headers,
//! JPEG items (they may carry their own EXIF), and any structure that does not add up.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::{settle, Patch, Refused, Type};

/// The largest `moov` or `meta` box read into memory.
const MAX_INDEX: u64 = 256 << 20;

/// The boxes inside `moov` kept as they are (besides the containers walked): what
/// describes the tracks and their samples. Anything else is wiped.
const MOVIE_KEEP: &[&[u8; 4]] = &[
    b"mvhd", b"iods", b"tkhd", b"tref", b"tapt", b"load", b"imap", b"matt", b"clip", b"trgr",
    b"txas", b"mdhd", b"hdlr", b"elng", b"vmhd", b"smhd", b"hmhd", b"nmhd", b"sthd", b"gmhd",
    b"dref", b"elst", b"stsd", b"stts", b"ctts", b"cslg", b"stss", b"stps", b"stsh", b"sdtp",
    b"sbgp", b"sgpd", b"subs", b"saiz", b"saio", b"stsz", b"stz2", b"stsc", b"stco", b"co64",
    b"padb", b"stdp", b"free", b"skip",
];

/// The HEIF item types that are pictures (or build pictures); every other item
/// (`Exif`, `mime` XMP, `uri `, unknown) is metadata and emptied.
const IMAGE_ITEMS: &[&[u8; 4]] = &[
    b"hvc1", b"hvt1", b"lhv1", b"av01", b"avc1", b"grid", b"iovl", b"iden", b"unci", b"j2k1",
    b"mski", b"tmap",
];

const META_FORMATS: &[&[u8; 4]] = &[
    b"gpmd", b"camm", b"mebx", b"mett", b"metx", b"rtmd", b"fdsc",
];

/// The type of an ISO base media file from its first bytes.
pub(super) fn sniff(head: &[u8]) -> Option<Type> {
    let at = |r: std::ops::Range<usize>| head.get(r).unwrap_or(&[]);
    if at(4..8) == b"ftyp" {
        let size = u32::from_be_bytes(at(0..4).try_into().ok()?) as usize;
        let major = at(8..12);
        let compat: Vec<&[u8]> = (16..size.min(head.len()))
            .step_by(4)
            .map(|i| at(i..i + 4))
            .collect();
        let has = |b: &[u8]| major == b || compat.contains(&b);
        if has(b"avif") || has(b"avis") {
            return Some(Type::Avif);
        }
        if [
            b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
        ]
        .iter()
        .any(|b| major == *b)
        {
            return Some(Type::Heic);
        }
        return match major {
            b"qt  " => Some(Type::Mov),
            b"M4A " | b"M4B " | b"M4P " => Some(Type::M4a),
            b"isom" | b"iso2" | b"iso3" | b"iso4" | b"iso5" | b"iso6" | b"iso7" | b"iso8"
            | b"iso9" | b"mp41" | b"mp42" | b"mp71" | b"avc1" | b"M4V " | b"M4VH" | b"M4VP"
            | b"3gp4" | b"3gp5" | b"3gp6" | b"3gp7" | b"3gp8" | b"3gp9" | b"3g2a" | b"3g2b"
            | b"3g2c" | b"dash" | b"mmp4" | b"f4v " | b"MSNV" | b"XAVC" => Some(Type::Mp4),
            _ => None,
        };
    }
    // QuickTime files older than `ftyp`
    match at(4..8) {
        b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot" => Some(Type::Mov),
        _ => None,
    }
}

/// A box: offsets relative to the buffer it was read from (or the file).
#[derive(Clone, Copy, Debug)]
struct Bx {
    typ: [u8; 4],
    start: u64,
    /// The header's length (8, 16 with a 64-bit size, +16 for a `uuid`).
    hdr: u64,
    end: u64,
    large: bool,
}

impl Bx {
    fn body(&self) -> (u64, u64) {
        (self.start + self.hdr, self.end)
    }
}

fn damaged(ty: Type, what: &str) -> Refused {
    Refused::new(ty, format!("damaged ({what})"))
}

/// Read a box header from `h` (the bytes at the box's start), with `room` bytes left
/// in its container.
fn header(h: &[u8], start: u64, room: u64, ty: Type) -> Result<Bx, Refused> {
    let be32 = |r: std::ops::Range<usize>| {
        h.get(r)
            .and_then(|s| s.try_into().ok())
            .map(u32::from_be_bytes)
    };
    let size32 = be32(0..4).ok_or_else(|| damaged(ty, "a box header cut short"))?;
    let typ: [u8; 4] = h
        .get(4..8)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| damaged(ty, "a box header cut short"))?;
    let (size, mut hdr, large) = match size32 {
        1 => {
            let s = h
                .get(8..16)
                .and_then(|s| s.try_into().ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| damaged(ty, "a box header cut short"))?;
            (s, 16, true)
        }
        0 => (room, 8, false),
        s => (s as u64, 8, false),
    };
    if &typ == b"uuid" {
        hdr += 16;
    }
    if size < hdr || size > room {
        return Err(damaged(ty, "a box larger than its container"));
    }
    Ok(Bx {
        typ,
        start,
        hdr,
        end: start + size,
        large,
    })
}

/// The child boxes of `buf[from..to]`.
fn children(buf: &[u8], from: u64, to: u64, ty: Type) -> Result<Vec<Bx>, Refused> {
    let mut v = Vec::new();
    let mut pos = from;
    while pos + 8 <= to {
        let h = buf.get(pos as usize..to as usize).unwrap_or(&[]);
        let b = header(h, pos, to - pos, ty)?;
        pos = b.end;
        v.push(b);
        if v.len() > 1_000_000 {
            return Err(damaged(ty, "too many boxes"));
        }
    }
    // a few stray bytes at the end of a container are tolerated as padding
    Ok(v)
}

fn find(buf: &[u8], from: u64, to: u64, typ: &[u8; 4], ty: Type) -> Result<Option<Bx>, Refused> {
    Ok(children(buf, from, to, ty)?
        .into_iter()
        .find(|b| &b.typ == typ))
}

/// Big-endian readers over a slice, `None` when out of bounds.
struct Be<'a>(&'a [u8]);
impl Be<'_> {
    fn u8(&self, at: usize) -> Option<u8> {
        self.0.get(at).copied()
    }
    fn u16(&self, at: usize) -> Option<u16> {
        Some(u16::from_be_bytes(self.0.get(at..at + 2)?.try_into().ok()?))
    }
    fn u32(&self, at: usize) -> Option<u32> {
        Some(u32::from_be_bytes(self.0.get(at..at + 4)?.try_into().ok()?))
    }
    fn u64(&self, at: usize) -> Option<u64> {
        Some(u64::from_be_bytes(self.0.get(at..at + 8)?.try_into().ok()?))
    }
    /// An unsigned integer of 0, 4 or 8 bytes.
    fn uint(&self, at: usize, size: u8) -> Option<u64> {
        match size {
            0 => Some(0),
            4 => self.u32(at).map(u64::from),
            8 => self.u64(at),
            _ => None,
        }
    }
    fn typ(&self, at: usize) -> Option<[u8; 4]> {
        self.0.get(at..at + 4)?.try_into().ok()
    }
}

struct Track {
    meta: bool,
    external: bool,
    /// Absolute file ranges of its samples (one per chunk).
    ranges: Vec<(u64, u64)>,
}

#[derive(Default)]
struct State {
    patches: Vec<Patch>,
    keep: Vec<(u64, u64)>,
    tracks: Vec<Track>,
    fragmented: bool,
}

impl State {
    /// Wipe a box whose absolute position is `b` (offset by `base`): renamed `free`,
    /// every byte after its size field zeroed.
    fn wipe(&mut self, base: u64, b: &Bx) {
        let start = base + b.start;
        self.patches.push(Patch {
            at: start + 4,
            len: 4,
            with: Some(b"free".to_vec()),
        });
        let from = start + if b.large { 16 } else { 8 };
        self.patches.push(Patch {
            at: from,
            len: base + b.end - from,
            with: None,
        });
    }
}

/// Walk the boxes of `buf[from..to]` (a `moov` or part of one): wipe metadata boxes,
/// read tracks.
fn walk(
    buf: &[u8],
    from: u64,
    to: u64,
    base: u64,
    depth: u32,
    st: &mut State,
    ty: Type,
) -> Result<(), Refused> {
    if depth > 16 {
        return Err(damaged(ty, "boxes nested too deep"));
    }
    for c in children(buf, from, to, ty)? {
        let (s, e) = c.body();
        match &c.typ {
            b"cmov" => return Err(Refused::new(ty, "a compressed movie header")),
            b"mvex" => st.fragmented = true,
            b"trak" => {
                let t = track(buf, &c, ty)?;
                st.tracks.push(t);
                walk(buf, s, e, base, depth + 1, st, ty)?;
            }
            b"mdia" | b"minf" | b"dinf" | b"stbl" | b"edts" => {
                walk(buf, s, e, base, depth + 1, st, ty)?
            }
            t if MOVIE_KEEP.contains(&t) => {}
            // udta, meta, uuid, XMP_ and every box not known to describe the media
            _ => st.wipe(base, &c),
        }
    }
    Ok(())
}

/// A track: its handler, whether its samples are metadata, where they are.
fn track(buf: &[u8], trak: &Bx, ty: Type) -> Result<Track, Refused> {
    let (s, e) = trak.body();
    let Some(mdia) = find(buf, s, e, b"mdia", ty)? else {
        return Ok(Track {
            meta: false,
            external: false,
            ranges: Vec::new(),
        });
    };
    let (ms, me) = mdia.body();
    let handler = match find(buf, ms, me, b"hdlr", ty)? {
        Some(h) => Be(buf.get(h.body().0 as usize..h.end as usize).unwrap_or(&[])).typ(8),
        None => None,
    };
    let minf = find(buf, ms, me, b"minf", ty)?;
    let stbl = match minf {
        Some(m) => find(buf, m.body().0, m.end, b"stbl", ty)?,
        None => None,
    };
    let mut external = false;
    if let Some(m) = minf {
        if let Some(dinf) = find(buf, m.body().0, m.end, b"dinf", ty)? {
            if let Some(dref) = find(buf, dinf.body().0, dinf.end, b"dref", ty)? {
                // full box header and entry count, then the entries
                for d in children(buf, dref.body().0 + 8, dref.end, ty)? {
                    let flags = Be(buf.get(d.body().0 as usize..d.end as usize).unwrap_or(&[]))
                        .u32(0)
                        .unwrap_or(0);
                    if flags & 1 == 0 {
                        external = true;
                    }
                }
            }
        }
    }
    let Some(stbl) = stbl else {
        return Ok(Track {
            meta: handler.as_ref() == Some(b"meta"),
            external,
            ranges: Vec::new(),
        });
    };
    let (ss, se) = stbl.body();
    let tables = children(buf, ss, se, ty)?;
    let body = |typ: &[u8; 4]| {
        tables
            .iter()
            .find(|b| &b.typ == typ)
            .and_then(|b| buf.get(b.body().0 as usize..b.end as usize))
    };
    let mut formats = Vec::new();
    if let Some(stsd) = tables.iter().find(|b| &b.typ == b"stsd") {
        for entry in children(buf, stsd.body().0 + 8, stsd.end, ty)? {
            formats.push(entry.typ);
        }
    }
    let meta = matches!(handler.as_ref(), Some(b"meta") | Some(b"camm"))
        || formats.iter().any(|f| META_FORMATS.contains(&f));
    let ranges = sample_ranges(
        body(b"stsz"),
        body(b"stz2"),
        body(b"stsc"),
        body(b"stco"),
        body(b"co64"),
        ty,
    )?;
    Ok(Track {
        meta,
        external,
        ranges,
    })
}

/// The absolute file ranges of a track's samples, one per chunk.
fn sample_ranges(
    stsz: Option<&[u8]>,
    stz2: Option<&[u8]>,
    stsc: Option<&[u8]>,
    stco: Option<&[u8]>,
    co64: Option<&[u8]>,
    ty: Type,
) -> Result<Vec<(u64, u64)>, Refused> {
    let bad = || damaged(ty, "sample tables that do not add up");
    // sample sizes
    let (fixed, count, list): (u64, u64, Vec<u32>) = if let Some(b) = stsz {
        let r = Be(b);
        let size = r.u32(4).ok_or_else(bad)? as u64;
        let count = r.u32(8).ok_or_else(bad)? as u64;
        if size == 0 {
            if count > (b.len() as u64).saturating_sub(12) / 4 {
                return Err(bad());
            }
            let list = (0..count as usize)
                .map(|i| r.u32(12 + 4 * i))
                .collect::<Option<Vec<u32>>>()
                .ok_or_else(bad)?;
            (0, count, list)
        } else {
            (size, count, Vec::new())
        }
    } else if let Some(b) = stz2 {
        let r = Be(b);
        let field = r.u8(7).ok_or_else(bad)?;
        let count = r.u32(8).ok_or_else(bad)? as u64;
        let bits = match field {
            4 | 8 | 16 => field as u64,
            _ => return Err(bad()),
        };
        if count * bits > (b.len() as u64).saturating_sub(12) * 8 {
            return Err(bad());
        }
        let list = (0..count as usize)
            .map(|i| match bits {
                4 => r
                    .u8(12 + i / 2)
                    .map(|x| if i % 2 == 0 { x >> 4 } else { x & 15 } as u32),
                8 => r.u8(12 + i).map(u32::from),
                _ => r.u16(12 + 2 * i).map(u32::from),
            })
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(bad)?;
        (0, count, list)
    } else {
        return Ok(Vec::new());
    };
    if count == 0 {
        return Ok(Vec::new());
    }
    // chunk offsets
    let offsets: Vec<u64> = if let Some(b) = stco {
        let r = Be(b);
        let n = r.u32(4).ok_or_else(bad)? as usize;
        if n > b.len().saturating_sub(8) / 4 {
            return Err(bad());
        }
        (0..n)
            .map(|i| r.u32(8 + 4 * i).map(u64::from))
            .collect::<Option<_>>()
            .ok_or_else(bad)?
    } else if let Some(b) = co64 {
        let r = Be(b);
        let n = r.u32(4).ok_or_else(bad)? as usize;
        if n > b.len().saturating_sub(8) / 8 {
            return Err(bad());
        }
        (0..n)
            .map(|i| r.u64(8 + 8 * i))
            .collect::<Option<_>>()
            .ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    // samples per chunk
    let stsc = Be(stsc.ok_or_else(bad)?);
    let n = stsc.u32(4).ok_or_else(bad)? as usize;
    if n == 0 || n > stsc.0.len().saturating_sub(8) / 12 {
        return Err(bad());
    }
    let runs: Vec<(u64, u64)> = (0..n)
        .map(|i| Some((stsc.u32(8 + 12 * i)? as u64, stsc.u32(12 + 12 * i)? as u64)))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    let mut ranges = Vec::with_capacity(offsets.len());
    let mut run = 0usize;
    let mut done = 0u64;
    for (c, off) in offsets.iter().enumerate() {
        let chunk = c as u64 + 1;
        while run + 1 < runs.len() && runs.get(run + 1).is_some_and(|r| r.0 <= chunk) {
            run += 1;
        }
        let (first, per) = runs.get(run).copied().ok_or_else(bad)?;
        if first > chunk {
            return Err(bad());
        }
        let take = per.min(count - done);
        let bytes = if list.is_empty() {
            fixed.checked_mul(take).ok_or_else(bad)?
        } else {
            list.get(done as usize..(done + take) as usize)
                .ok_or_else(bad)?
                .iter()
                .map(|&x| x as u64)
                .sum()
        };
        let end = off.checked_add(bytes).ok_or_else(bad)?;
        if bytes > 0 {
            ranges.push((*off, end));
        }
        done += take;
        if done == count {
            break;
        }
    }
    if done < count {
        return Err(bad());
    }
    Ok(ranges)
}

/// HEIF items in a top-level `meta` box (`buf` holds the whole box, at file offset
/// `base`): metadata items emptied, the others kept.
fn items(buf: &[u8], base: u64, st: &mut State, ty: Type) -> Result<(), Refused> {
    let all = buf.len() as u64;
    let top = header(buf, 0, all, ty)?;
    // a full box: version and flags before the children
    let kids = children(buf, top.hdr + 4, top.end, ty)?;
    let mut types: std::collections::HashMap<u32, [u8; 4]> = std::collections::HashMap::new();
    let mut idat: Option<(u64, u64)> = None;
    let mut iloc: Option<Bx> = None;
    for c in &kids {
        let (s, e) = c.body();
        match &c.typ {
            b"iinf" => {
                let r = Be(buf.get(s as usize..e as usize).unwrap_or(&[]));
                let v = r.u8(0).ok_or_else(|| damaged(ty, "item list"))?;
                let skip = if v == 0 { 6 } else { 8 };
                for infe in children(buf, s + skip, e, ty)? {
                    if &infe.typ != b"infe" {
                        continue;
                    }
                    let r = Be(buf
                        .get(infe.body().0 as usize..infe.end as usize)
                        .unwrap_or(&[]));
                    let v = r.u8(0).ok_or_else(|| damaged(ty, "item entry"))?;
                    let (id, typ) = match v {
                        0 | 1 => (r.u16(4).map(u32::from), Some(*b"mime")),
                        2 => (r.u16(4).map(u32::from), r.typ(8)),
                        _ => (r.u32(4), r.typ(10)),
                    };
                    match (id, typ) {
                        (Some(id), Some(t)) => {
                            types.insert(id, t);
                        }
                        _ => return Err(damaged(ty, "item entry")),
                    }
                }
            }
            b"iloc" => iloc = Some(*c),
            b"idat" => idat = Some((base + s, base + e)),
            b"xml " | b"bxml" | b"udta" | b"uuid" => st.wipe(base, c),
            _ => {}
        }
    }
    let Some(iloc) = iloc else {
        return Ok(());
    };
    let r = Be(buf
        .get(iloc.body().0 as usize..iloc.end as usize)
        .unwrap_or(&[]));
    let bad = || damaged(ty, "item locations");
    let v = r.u8(0).ok_or_else(bad)?;
    let sizes = r.u8(4).ok_or_else(bad)?;
    let sizes2 = r.u8(5).ok_or_else(bad)?;
    let (off_size, len_size, base_size) = (sizes >> 4, sizes & 15, sizes2 >> 4);
    let idx_size = if v == 1 || v == 2 { sizes2 & 15 } else { 0 };
    let mut p = 6usize;
    let count = if v < 2 {
        p += 2;
        r.u16(6).map(u32::from)
    } else {
        p += 4;
        r.u32(6)
    }
    .ok_or_else(bad)?;
    for _ in 0..count {
        let id = if v < 2 {
            p += 2;
            r.u16(p - 2).map(u32::from)
        } else {
            p += 4;
            r.u32(p - 4)
        }
        .ok_or_else(bad)?;
        let method = if v == 1 || v == 2 {
            p += 2;
            r.u16(p - 2).ok_or_else(bad)? & 15
        } else {
            0
        };
        let dri = r.u16(p).ok_or_else(bad)?;
        p += 2;
        let item_base = r.uint(p, base_size).ok_or_else(bad)?;
        p += base_size as usize;
        let n = r.u16(p).ok_or_else(bad)?;
        p += 2;
        let typ = types.get(&id).copied().unwrap_or(*b"????");
        if &typ == b"jpeg" {
            return Err(Refused::new(ty, "a JPEG item (it may carry its own EXIF)"));
        }
        let is_meta = !IMAGE_ITEMS.contains(&&typ);
        let mut payload: Vec<u8> = if &typ == b"Exif" {
            // exif_tiff_header_offset 0, then a TIFF header with an empty IFD
            b"\0\0\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0".to_vec()
        } else {
            Vec::new()
        };
        let mut extents = Vec::new();
        let mut total = 0u64;
        for _ in 0..n {
            p += idx_size as usize;
            let off = r.uint(p, off_size).ok_or_else(bad)?;
            p += off_size as usize;
            let len = r.uint(p, len_size).ok_or_else(bad)?;
            p += len_size as usize;
            extents.push((off, len));
            total = total.saturating_add(len);
        }
        if dri != 0 {
            continue; // in another file: nothing here to clean
        }
        if payload.len() as u64 > total {
            payload.clear();
        }
        for (off, len) in extents {
            if len == 0 {
                return Err(Refused::new(ty, "an item that runs to the end of the file"));
            }
            let at = match method {
                0 => item_base.checked_add(off),
                1 => {
                    let (s, e) = idat.ok_or_else(bad)?;
                    let at = s.checked_add(item_base).and_then(|x| x.checked_add(off));
                    at.filter(|a| a.checked_add(len).is_some_and(|end| end <= e))
                }
                _ => return Err(Refused::new(ty, "items built from other items")),
            }
            .ok_or_else(bad)?;
            let end = at.checked_add(len).ok_or_else(bad)?;
            st.keep.push((at, end));
            if is_meta {
                let k = (payload.len() as u64).min(len);
                let head: Vec<u8> = payload.drain(..k as usize).collect();
                if k > 0 {
                    st.patches.push(Patch {
                        at,
                        len: k,
                        with: Some(head),
                    });
                }
                st.patches.push(Patch {
                    at: at + k,
                    len: len - k,
                    with: None,
                });
            }
        }
    }
    Ok(())
}

fn read_at(f: &mut File, at: u64, n: u64, ty: Type) -> Result<Vec<u8>, Refused> {
    let unreadable = |_| damaged(ty, "unreadable");
    f.seek(SeekFrom::Start(at)).map_err(unreadable)?;
    let mut v = Vec::with_capacity(n.min(1 << 20) as usize);
    f.take(n).read_to_end(&mut v).map_err(unreadable)?;
    if v.len() as u64 != n {
        return Err(damaged(ty, "cut short"));
    }
    Ok(v)
}

/// The patches that clean the file `f` of `len` bytes.
pub(super) fn clean(f: &mut File, len: u64, ty: Type) -> Result<Vec<Patch>, Refused> {
    let mut top = Vec::new();
    let mut pos = 0u64;
    while pos < len {
        let h = read_at(f, pos, (len - pos).min(32), ty)?;
        if h.len() < 8 {
            return Err(damaged(ty, "stray bytes at the end"));
        }
        let b = header(&h, pos, len - pos, ty)?;
        pos = b.end;
        top.push(b);
        if top.len() > 100_000 {
            return Err(damaged(ty, "too many boxes"));
        }
    }
    let heif = matches!(ty, Type::Heic | Type::Avif);
    let mut st = State::default();
    // the spaces whose bytes are zeroed where nothing kept uses them
    let mut spaces: Vec<(u64, u64)> = Vec::new();
    for b in &top {
        match &b.typ {
            b"ftyp" => {}
            b"mdat" => spaces.push(b.body()),
            b"free" | b"skip" | b"wide" => spaces.push(b.body()),
            b"moov" => {
                if b.end - b.start > MAX_INDEX {
                    return Err(Refused::new(ty, "a movie header too large to clean"));
                }
                let buf = read_at(f, b.start, b.end - b.start, ty)?;
                let local = Bx {
                    start: 0,
                    end: b.end - b.start,
                    ..*b
                };
                let (s, e) = local.body();
                walk(&buf, s, e, b.start, 0, &mut st, ty)?;
            }
            b"meta" => {
                if b.end - b.start > MAX_INDEX {
                    return Err(Refused::new(ty, "a metadata box too large to clean"));
                }
                let buf = read_at(f, b.start, b.end - b.start, ty)?;
                // (a QuickTime-style meta is no full box: its children do not parse
                // at +4, and it has no items)
                let has_items = find(&buf, b.hdr + 4, b.end - b.start, b"iloc", ty)
                    .ok()
                    .flatten()
                    .is_some();
                if heif || has_items {
                    items(&buf, b.start, &mut st, ty)?;
                } else {
                    st.wipe(0, b);
                }
            }
            b"moof" => st.fragmented = true,
            b"mfra" | b"sidx" | b"ssix" | b"styp" | b"emsg" | b"prft" => {}
            // udta, uuid (XMP), pnot previews and anything unknown
            _ => st.wipe(0, b),
        }
    }
    if heif && !top.iter().any(|b| &b.typ == b"meta") {
        return Err(damaged(ty, "no item list"));
    }
    let tracks = std::mem::take(&mut st.tracks);
    for t in tracks {
        if t.meta {
            if st.fragmented {
                return Err(Refused::new(ty, "a fragmented file with a metadata track"));
            }
            // its samples must lie in space that is zeroed
            for (s, e) in &t.ranges {
                if !spaces.iter().any(|(a, b)| a <= s && e <= b) {
                    return Err(damaged(ty, "metadata samples outside the media data"));
                }
            }
        } else {
            if t.external && !t.ranges.is_empty() {
                return Err(Refused::new(ty, "media data in other files"));
            }
            if t.ranges.iter().any(|&(_, e)| e > len) {
                return Err(damaged(ty, "samples outside the file"));
            }
            st.keep.extend(t.ranges);
        }
    }
    // zero the unused bytes of each space (in a fragmented file `mdat` is described by
    // `moof` boxes, which are not walked: its media data stays)
    st.keep.sort_unstable();
    for (s, e) in &spaces {
        let is_mdat = top
            .iter()
            .filter(|b| &b.typ == b"mdat")
            .any(|b| b.body() == (*s, *e));
        if st.fragmented && is_mdat {
            continue;
        }
        let mut pos = *s;
        for &(ks, ke) in &st.keep {
            if ke <= pos || ks >= *e {
                continue;
            }
            if ks > pos {
                st.patches.push(Patch {
                    at: pos,
                    len: ks - pos,
                    with: None,
                });
            }
            pos = pos.max(ke);
        }
        if pos < *e {
            st.patches.push(Patch {
                at: pos,
                len: e - pos,
                with: None,
            });
        }
    }
    settle(st.patches, len, ty)
}
