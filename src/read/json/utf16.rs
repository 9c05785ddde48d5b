//! [`Utf16Json`]: a UTF-16 JSON file (with or without a BOM) read as UTF-8.

use super::*;

/// A JSON or JS file saved as UTF-16 (with a byte-order mark, or without one, told by
/// the zero bytes of its first ASCII characters, as RFC 4627 did) is handed on as
/// UTF-8; anything else passes unchanged. Unpaired surrogates become U+FFFD.
pub struct Utf16Json<R> {
    inner: R,
    /// Undecided, UTF-8 (pass through), or UTF-16 little- or big-endian.
    mode: Option<Utf16Mode>,
    head: Vec<u8>,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    high: Option<u16>,
    eof: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Utf16Mode {
    Utf8,
    Le,
    Be,
}

impl<R: Read> Utf16Json<R> {
    /// Wrap `inner`.
    pub fn new(inner: R) -> Self {
        Utf16Json {
            inner,
            mode: None,
            head: Vec::new(),
            raw: Vec::new(),
            out: Vec::new(),
            pos: 0,
            high: None,
            eof: false,
        }
    }

    fn read_raw(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                r => return r,
            }
        }
    }

    fn decide(&mut self) -> io::Result<()> {
        let mut b = [0u8; 4];
        let mut n = 0;
        while n < 4 {
            let k = self.read_raw(b.get_mut(n..).unwrap_or_default())?;
            if k == 0 {
                break;
            }
            n += k;
        }
        let h = b.get(..n).unwrap_or_default();
        let (mode, skip) = match h {
            [0xFF, 0xFE, ..] => (Utf16Mode::Le, 2),
            [0xFE, 0xFF, ..] => (Utf16Mode::Be, 2),
            [a, 0, ..] if *a != 0 => (Utf16Mode::Le, 0),
            [0, a, ..] if *a != 0 => (Utf16Mode::Be, 0),
            _ => (Utf16Mode::Utf8, 0),
        };
        self.mode = Some(mode);
        self.head = h.get(skip..).unwrap_or_default().to_vec();
        Ok(())
    }

    fn push(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn unit(&mut self, u: u16) {
        match (self.high.take(), u) {
            (None, 0xD800..=0xDBFF) => self.high = Some(u),
            (Some(h), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                self.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            (Some(_), 0xD800..=0xDBFF) => {
                self.push('\u{FFFD}');
                self.high = Some(u);
            }
            (h, u) => {
                if h.is_some() {
                    self.push('\u{FFFD}');
                }
                self.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'));
            }
        }
    }

    fn fill(&mut self, le: bool) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.eof {
            let mut chunk = vec![0u8; 1 << 15];
            let n = if self.head.is_empty() {
                self.read_raw(&mut chunk)?
            } else {
                let h = std::mem::take(&mut self.head);
                chunk.truncate(0);
                chunk.extend_from_slice(&h);
                chunk.len()
            };
            if n == 0 {
                self.eof = true;
                if self.high.take().is_some() || !self.raw.is_empty() {
                    self.push('\u{FFFD}');
                }
                break;
            }
            self.raw
                .extend_from_slice(chunk.get(..n).unwrap_or_default());
            let pairs = self.raw.len() / 2;
            let raw = std::mem::take(&mut self.raw);
            for p in raw.chunks_exact(2).take(pairs) {
                let (a, b) = (
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                );
                let u = if le {
                    u16::from_le_bytes([a, b])
                } else {
                    u16::from_be_bytes([a, b])
                };
                self.unit(u);
            }
            self.raw = raw.get(pairs * 2..).unwrap_or_default().to_vec();
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16Json<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.mode.is_none() {
            self.decide()?;
        }
        match self.mode {
            Some(Utf16Mode::Le) | Some(Utf16Mode::Be) => {
                if self.pos >= self.out.len() {
                    self.fill(self.mode == Some(Utf16Mode::Le))?;
                }
                let rest = self.out.get(self.pos..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                if let (Some(d), Some(s)) = (buf.get_mut(..n), rest.get(..n)) {
                    d.copy_from_slice(s);
                }
                self.pos += n;
                Ok(n)
            }
            _ => {
                if !self.head.is_empty() {
                    let n = self.head.len().min(buf.len());
                    if let (Some(d), Some(s)) = (buf.get_mut(..n), self.head.get(..n)) {
                        d.copy_from_slice(s);
                    }
                    self.head.drain(..n);
                    return Ok(n);
                }
                self.read_raw(buf)
            }
        }
    }
}

#[cfg(test)]
mod utf16_tests {
    use super::Utf16Json;
    use std::io::Read;

    fn enc(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut v = Vec::new();
        if bom {
            v.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for u in s.encode_utf16() {
            v.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    #[test]
    fn utf16_json_is_read_as_utf8() {
        let text = "window.YTD.tweets.part0 = [{\"t\": \"Grüße 🎉 日本\"}]";
        for le in [true, false] {
            for bom in [true, false] {
                let mut out = String::new();
                Utf16Json::new(&enc(text, le, bom)[..])
                    .read_to_string(&mut out)
                    .unwrap();
                assert_eq!(out, text, "le {le} bom {bom}");
            }
        }
        // UTF-8 passes unchanged, BOM and all; so does a tiny file
        for s in ["\u{feff}[1]", "[1,2]", "1", ""] {
            let mut out = String::new();
            Utf16Json::new(s.as_bytes())
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, s);
        }
        // an unpaired surrogate and an odd last byte become U+FFFD
        let mut b = enc("[\"a", true, true);
        b.extend_from_slice(&0xD800u16.to_le_bytes());
        b.extend_from_slice(&enc("\"]", true, false));
        b.push(0x41);
        let mut out = String::new();
        Utf16Json::new(&b[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, "[\"a\u{FFFD}\"]\u{FFFD}");
    }
}
