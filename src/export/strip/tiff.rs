//! TIFF: every IFD of the chain rewritten in place with only the tags that decode the
//! image, then every byte that no kept tag, IFD or strip points at is zeroed. The EXIF
//! and GPS IFDs, XMP, IPTC, Photoshop resources, maker notes, sub-IFDs and any data a
//! tag no longer names are therefore gone, whatever their layout, and the offsets of
//! what stays do not move. Also reads the orientation of an EXIF block.

use super::{Refused, Type};

/// The tags kept: what a decoder needs to draw the image, its colour and orientation.
const KEEP: &[u16] = &[
    254, 255, 256, 257, 258, 259, 262, 263, 264, 265, 266, 273, 274, 277, 278, 279, 280, 281, 282,
    283, 284, 290, 291, 292, 293, 296, 297, 301, 317, 318, 319, 320, 321, 322, 323, 324, 325, 332,
    334, 338, 339, 340, 341, 347, 529, 530, 531, 532, 34675,
];

struct Reader<'a> {
    b: &'a [u8],
    le: bool,
}

impl Reader<'_> {
    fn u16(&self, at: usize) -> Option<u16> {
        let s: [u8; 2] = self.b.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.le {
            u16::from_le_bytes(s)
        } else {
            u16::from_be_bytes(s)
        })
    }
    fn u32(&self, at: usize) -> Option<u32> {
        let s: [u8; 4] = self.b.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
}

fn header(b: &[u8]) -> Option<Reader<'_>> {
    let le = match b.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    Some(Reader { b, le })
}

/// Bytes per value of a TIFF field type.
fn type_size(t: u16) -> Option<u64> {
    Some(match t {
        1 | 2 | 6 | 7 => 1,
        3 | 8 => 2,
        4 | 9 | 11 | 13 => 4,
        5 | 10 | 12 | 16..=18 => 8,
        _ => return None,
    })
}

/// The orientation tag (0x0112) of IFD0, when there is one.
pub(super) fn orientation(b: &[u8]) -> Option<u16> {
    let r = header(b)?;
    let ifd = r.u32(4)? as usize;
    let n = r.u16(ifd)? as usize;
    (0..n.min(1000)).find_map(|k| {
        let e = ifd + 2 + 12 * k;
        (r.u16(e)? == 0x0112 && r.u16(e + 2)? == 3).then(|| r.u16(e + 8))?
    })
}

fn refuse(why: &str) -> Refused {
    Refused::new(Type::Tiff, why)
}

struct Entry {
    raw: [u8; 12],
    tag: u16,
    typ: u16,
    count: u64,
    /// Where the value is when it does not fit in the entry.
    offset: u64,
}

/// The values of an offsets or byte-counts array (SHORT or LONG).
fn values(r: &Reader, e: &Entry, at_entry: usize) -> Result<Vec<u64>, Refused> {
    let size = type_size(e.typ).ok_or_else(|| refuse("a strip table of an unknown type"))?;
    if !matches!(e.typ, 3 | 4) || e.count > 1 << 24 {
        return Err(refuse("a strip table of an unexpected type"));
    }
    let base = if size * e.count <= 4 {
        at_entry + 8
    } else {
        e.offset as usize
    };
    (0..e.count as usize)
        .map(|k| {
            let at = base + k * size as usize;
            if e.typ == 3 {
                r.u16(at).map(u64::from)
            } else {
                r.u32(at).map(u64::from)
            }
        })
        .collect::<Option<Vec<u64>>>()
        .ok_or_else(|| refuse("a strip table outside the file"))
}

/// The cleaned TIFF.
pub(super) fn clean(mut b: Vec<u8>) -> Result<Vec<u8>, Refused> {
    let len = b.len() as u64;
    let mut keep: Vec<(u64, u64)> = vec![(0, 8)];
    let mut rewrites: Vec<(usize, Vec<u8>)> = Vec::new();
    {
        let r = header(&b).ok_or_else(|| refuse("not a classic TIFF (BigTIFF is not cleaned)"))?;
        let mut next = r.u32(4).ok_or_else(|| refuse("cut short"))? as u64;
        let mut seen = std::collections::HashSet::new();
        let mut pages = 0;
        while next != 0 {
            pages += 1;
            if pages > 10_000 || !seen.insert(next) {
                return Err(refuse("its IFDs loop"));
            }
            let at = next as usize;
            let n = r.u16(at).ok_or_else(|| refuse("an IFD outside the file"))? as usize;
            let end = at + 2 + 12 * n;
            let following = r.u32(end).ok_or_else(|| refuse("an IFD cut short"))?;
            let mut kept: Vec<(usize, Entry)> = Vec::new();
            for k in 0..n {
                let e_at = at + 2 + 12 * k;
                let raw: [u8; 12] = b
                    .get(e_at..e_at + 12)
                    .and_then(|s| s.try_into().ok())
                    .ok_or_else(|| refuse("an IFD cut short"))?;
                let e = Entry {
                    raw,
                    tag: r.u16(e_at).unwrap_or(0),
                    typ: r.u16(e_at + 2).unwrap_or(0),
                    count: r.u32(e_at + 4).unwrap_or(0) as u64,
                    offset: r.u32(e_at + 8).unwrap_or(0) as u64,
                };
                // a kept tag of a type it never has (text where numbers belong) is
                // not what it claims to be: dropped
                let numeric = matches!(e.typ, 3 | 4 | 5 | 8 | 9 | 10 | 11 | 12);
                let blob = matches!(e.tag, 347 | 34675) && matches!(e.typ, 1 | 7);
                // and so is one with more values than it can have
                let one = matches!(
                    e.tag,
                    254..=257 | 259 | 262 | 263 | 266 | 274 | 277 | 278 | 282..=284 | 292 | 293
                        | 296 | 317 | 322 | 323 | 332 | 334
                );
                let per_sample = matches!(e.tag, 258 | 280 | 281 | 339..=341);
                let fits = (!one || e.count == 1) && (!per_sample || e.count <= 16);
                if !KEEP.contains(&e.tag) || !(numeric || blob) || !fits {
                    continue;
                }
                if e.tag == 259 && r.u16(e_at + 8) == Some(6) {
                    return Err(refuse("old-style JPEG compression"));
                }
                let size = type_size(e.typ)
                    .and_then(|s| s.checked_mul(e.count))
                    .ok_or_else(|| refuse("a tag of an unknown type"))?;
                if size > 4 {
                    let stop = e.offset.checked_add(size).filter(|&s| s <= len);
                    let stop = stop.ok_or_else(|| refuse("a tag's value outside the file"))?;
                    keep.push((e.offset, stop));
                }
                kept.push((e_at, e));
            }
            // the image data: strips or tiles
            for (offs, counts) in [(273u16, 279u16), (324, 325)] {
                let o = kept.iter().find(|(_, e)| e.tag == offs);
                let c = kept.iter().find(|(_, e)| e.tag == counts);
                match (o, c) {
                    (Some((oa, o)), Some((ca, c))) => {
                        let o = values(&r, o, *oa)?;
                        let c = values(&r, c, *ca)?;
                        if o.len() != c.len() {
                            return Err(refuse("strip offsets and byte counts disagree"));
                        }
                        for (o, c) in o.into_iter().zip(c) {
                            let stop = o.checked_add(c).filter(|&s| s <= len);
                            keep.push((o, stop.ok_or_else(|| refuse("a strip outside the file"))?));
                        }
                    }
                    (None, None) => {}
                    _ => return Err(refuse("strip offsets without byte counts")),
                }
            }
            // the IFD, rewritten with the kept entries only
            let mut ifd = Vec::with_capacity(6 + 12 * kept.len());
            let count = kept.len() as u16;
            ifd.extend_from_slice(&if r.le {
                count.to_le_bytes()
            } else {
                count.to_be_bytes()
            });
            for (_, e) in &kept {
                ifd.extend_from_slice(&e.raw);
            }
            ifd.extend_from_slice(&if r.le {
                following.to_le_bytes()
            } else {
                following.to_be_bytes()
            });
            keep.push((at as u64, (at + ifd.len()) as u64));
            rewrites.push((at, ifd));
            next = following as u64;
        }
    }
    for (at, ifd) in rewrites {
        if let Some(s) = b.get_mut(at..at + ifd.len()) {
            s.copy_from_slice(&ifd);
        }
    }
    // zero every byte nothing kept points at
    keep.sort_unstable();
    let mut pos = 0u64;
    for (s, e) in keep {
        if s > pos {
            b.get_mut(pos as usize..s as usize)
                .into_iter()
                .for_each(|x| x.fill(0));
        }
        pos = pos.max(e);
    }
    if pos < len {
        b.get_mut(pos as usize..)
            .into_iter()
            .for_each(|x| x.fill(0));
    }
    Ok(b)
}
