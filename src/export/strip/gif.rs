//! GIF: rebuilt block by block up to the trailer. Images, graphic control
//! extensions and the looping application extension (`NETSCAPE2.0`,
//! `ANIMEXTS1.0`) are kept; comments, XMP (`XMP DataXMP`) and every other application
//! extension, plain text extensions (browsers do not draw them), and anything after
//! the trailer, are dropped.

use super::{Refused, Type};

fn refuse(why: &str) -> Refused {
    Refused::new(Type::Gif, why)
}

/// The end of the data sub-blocks starting at `i` (just past the zero terminator).
fn sub_blocks(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let n = *b.get(i)? as usize;
        i += 1;
        if n == 0 {
            return Some(i);
        }
        i += n;
        if i > b.len() {
            return None;
        }
    }
}

fn table(packed: u8) -> usize {
    if packed & 0x80 != 0 {
        3 << ((packed & 7) + 1)
    } else {
        0
    }
}

/// The cleaned GIF.
pub(super) fn clean(b: &[u8]) -> Result<Vec<u8>, Refused> {
    let packed = *b.get(10).ok_or_else(|| refuse("cut short"))?;
    let mut i = 13 + table(packed);
    let mut out = b.get(..i).ok_or_else(|| refuse("cut short"))?.to_vec();
    let mut images = 0;
    loop {
        match b.get(i) {
            Some(0x2C) => {
                let packed = *b.get(i + 9).ok_or_else(|| refuse("cut short"))?;
                // descriptor, local colour table, LZW code size, then the data
                let data = i + 10 + table(packed) + 1;
                let end = sub_blocks(b, data).ok_or_else(|| refuse("an image cut short"))?;
                out.extend_from_slice(b.get(i..end).unwrap_or(&[]));
                images += 1;
                i = end;
            }
            Some(0x21) => {
                let label = *b.get(i + 1).ok_or_else(|| refuse("cut short"))?;
                let end = sub_blocks(b, i + 2).ok_or_else(|| refuse("an extension cut short"))?;
                let first = b
                    .get(i + 2)
                    .and_then(|&n| b.get(i + 3..i + 3 + n as usize))
                    .unwrap_or(&[]);
                let keep = match label {
                    0xF9 => true,
                    0xFF => first == b"NETSCAPE2.0" || first == b"ANIMEXTS1.0",
                    _ => false,
                };
                if keep {
                    out.extend_from_slice(b.get(i..end).unwrap_or(&[]));
                }
                i = end;
            }
            Some(0x3B) | None if images > 0 => {
                out.push(0x3B);
                return Ok(out);
            }
            _ => return Err(refuse("a block of an unknown kind, or no image")),
        }
    }
}
