//! [`CharFilter`]: the bytes repaired before the parser sees them (forbidden
//! controls dropped, non-UTF-8 read as Windows-1252).

use super::*;

/// True for the bytes XML 1.0 forbids everywhere (C0 controls except tab, LF, CR).
pub(super) fn forbidden(b: u8) -> bool {
    b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r'
}

/// A `Read` that drops XML-forbidden control characters and re-reads invalid UTF-8 as
/// Windows-1252, counting both. Its output is always valid UTF-8 free of forbidden
/// characters, whatever the input.
pub struct CharFilter<R> {
    inner: R,
    /// Bytes read but not yet examined: an incomplete UTF-8 sequence at the end of the
    /// last read, completed by the next one.
    carry: Vec<u8>,
    /// Repaired bytes not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    raw: Vec<u8>,
    eof: bool,
    /// Forbidden characters dropped.
    pub dropped: u64,
    /// Bytes that were not UTF-8, re-read as Windows-1252.
    pub recoded: u64,
}

impl<R: Read> CharFilter<R> {
    /// Wrap a reader.
    pub fn new(inner: R) -> Self {
        CharFilter {
            inner,
            carry: Vec::new(),
            out: Vec::new(),
            out_pos: 0,
            raw: vec![0; 64 * 1024],
            eof: false,
            dropped: 0,
            recoded: 0,
        }
    }

    /// Append valid UTF-8 to the output, dropping forbidden characters (they are
    /// ASCII, so they never sit inside a multi-byte sequence).
    fn push_valid(&mut self, s: &[u8]) {
        if s.iter().any(|&b| forbidden(b)) {
            for &b in s {
                if forbidden(b) {
                    self.dropped += 1;
                } else {
                    self.out.push(b);
                }
            }
        } else {
            self.out.extend_from_slice(s);
        }
    }

    /// Append one byte read as Windows-1252.
    fn push_recoded(&mut self, b: u8) {
        self.recoded += 1;
        let mut tmp = [0u8; 4];
        self.out
            .extend_from_slice(cp1252(b).encode_utf8(&mut tmp).as_bytes());
    }

    /// Examine `data` (the carry plus a fresh read); keep an incomplete tail unless at
    /// the end of input.
    fn process(&mut self, data: &[u8]) {
        let mut i = 0;
        while i < data.len() {
            match std::str::from_utf8(&data[i..]) {
                Ok(_) => {
                    self.push_valid(&data[i..]);
                    return;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.push_valid(&data[i..i + valid]);
                    i += valid;
                    match e.error_len() {
                        Some(n) => {
                            for k in 0..n {
                                self.push_recoded(data[i + k]);
                            }
                            i += n;
                        }
                        None if self.eof => {
                            for &b in &data[i..] {
                                self.push_recoded(b);
                            }
                            return;
                        }
                        None => {
                            self.carry.extend_from_slice(&data[i..]);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Refill the output buffer; false at the end of input.
    fn fill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() {
            if self.eof {
                return Ok(false);
            }
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if n == 0 {
                self.eof = true;
            }
            let mut data = std::mem::take(&mut self.carry);
            data.extend_from_slice(&self.raw[..n]);
            self.process(&data);
        }
        Ok(true)
    }
}

impl<R: Read> Read for CharFilter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.out_pos >= self.out.len() && !self.fill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}
