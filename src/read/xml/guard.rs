//! [`TokenGuard`]: one XML token larger than [`MAX_TOKEN_BYTES`] stops the read.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lex {
    Text,
    /// After `<`: the first bytes tell what comes (`![CDATA[`, `!--`, `?`, `!`, a tag).
    Open,
    /// A tag, outside or inside a quoted attribute value.
    Tag(Option<u8>),
    /// Up to the end marker (`]]>`, `-->`, `?>`): how much of it has been seen.
    Until(&'static [u8], usize),
    /// A declaration (`<!DOCTYPE …>`): brackets of its internal subset counted.
    Decl(u32),
}

/// Counts the bytes of each XML token as they pass, and stops the stream (with a
/// limit error) when one is larger than [`MAX_TOKEN_BYTES`]: the parser would hold it
/// whole.
pub(super) struct TokenGuard<R> {
    pub(super) inner: R,
    pub(super) state: Lex,
    pub(super) run: u64,
    pub(super) head: Vec<u8>,
    pub(super) max: u64,
    pub(super) name: String,
}

impl<R: Read> TokenGuard<R> {
    pub(super) fn step(&mut self, b: u8) -> bool {
        self.run += 1;
        match self.state {
            Lex::Text => {
                if b == b'<' {
                    self.state = Lex::Open;
                    self.head.clear();
                    self.run = 1;
                }
            }
            Lex::Open => {
                self.head.push(b);
                let h = self.head.as_slice();
                if h == b"![CDATA[" {
                    self.state = Lex::Until(b"]]>", 0);
                } else if h == b"!--" {
                    self.state = Lex::Until(b"-->", 0);
                } else if h == b"?" {
                    self.state = Lex::Until(b"?>", 0);
                } else if b"![CDATA[".starts_with(h) || b"!--".starts_with(h) {
                    // not decided yet
                } else if h.first() == Some(&b'!') {
                    self.state = Lex::Decl(u32::from(b == b'['));
                    if b == b'>' {
                        self.state = Lex::Text;
                        self.run = 0;
                    }
                } else if b == b'>' {
                    self.state = Lex::Text;
                    self.run = 0;
                } else {
                    self.state = Lex::Tag(None);
                    if b == b'"' || b == b'\'' {
                        self.state = Lex::Tag(Some(b));
                    }
                }
            }
            Lex::Tag(None) => match b {
                b'>' => {
                    self.state = Lex::Text;
                    self.run = 0;
                }
                b'"' | b'\'' => self.state = Lex::Tag(Some(b)),
                _ => {}
            },
            Lex::Tag(Some(q)) => {
                if b == q {
                    self.state = Lex::Tag(None);
                }
            }
            Lex::Until(end, k) => {
                let k = if end.get(k) == Some(&b) {
                    k + 1
                } else if end.first() == Some(&b) {
                    1
                } else {
                    0
                };
                if k == end.len() {
                    self.state = Lex::Text;
                    self.run = 0;
                } else {
                    self.state = Lex::Until(end, k);
                }
            }
            Lex::Decl(depth) => match b {
                b'[' => self.state = Lex::Decl(depth + 1),
                b']' => self.state = Lex::Decl(depth.saturating_sub(1)),
                b'>' if depth == 0 => {
                    self.state = Lex::Text;
                    self.run = 0;
                }
                _ => {}
            },
        }
        self.run <= self.max
    }
}

impl<R: Read> Read for TokenGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let data = buf.get(..n).unwrap_or_default();
        let mut i = 0;
        while i < data.len() {
            let chunk = data.get(i..).unwrap_or_default();
            // fast path: bytes that cannot change the state are only counted
            let skip = match self.state {
                Lex::Text => memchr::memchr(b'<', chunk),
                Lex::Tag(None) => memchr::memchr3(b'>', b'"', b'\'', chunk),
                Lex::Tag(Some(q)) => memchr::memchr(q, chunk),
                Lex::Until(end, 0) => end.first().and_then(|&e| memchr::memchr(e, chunk)),
                Lex::Decl(_) => memchr::memchr3(b'[', b']', b'>', chunk),
                _ => Some(0),
            }
            .unwrap_or(chunk.len());
            if skip > 0 {
                self.run += skip as u64;
                i += skip;
                if self.run > self.max {
                    return Err(Tripwire::Limit {
                        what: "size of one XML element's text or attributes (field-bytes)",
                        limit: self.max,
                        path: self.name.clone(),
                    }
                    .into_io());
                }
                continue;
            }
            let b = chunk.first().copied().unwrap_or(b'<');
            i += 1;
            if !self.step(b) {
                return Err(Tripwire::Limit {
                    what: "size of one XML element's text or attributes (field-bytes)",
                    limit: self.max,
                    path: self.name.clone(),
                }
                .into_io());
            }
        }
        Ok(n)
    }
}
