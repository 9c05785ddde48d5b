//! The WARC record reader (ISO 28500, WARC/1.0 and 1.1; also the `WARC/0.17`–`0.18`
//! drafts Heritrix wrote before 2008): one pass over a plain stream, record by record,
//! with every read bounded.
//!
//! A record is a version line, header fields up to an empty line, a block of exactly
//! `Content-Length` bytes, and two CRLFs. The reader hands out the header and a reader
//! of the block; whatever of the block the caller leaves unread is skipped, so a
//! record of any size costs no memory. Header lines are bounded ([`MAX_HEADER`]): a
//! header that never ends is an error at that offset, not an allocation. A stream that
//! is not at a record start (a bad `Content-Length`, bytes between records) is
//! searched for the next `WARC/` line and what was passed over is reported.
//!
//! Gzip (one member per record, as the standard recommends, or one member for the
//! whole file) is undone below this reader (see `super::input`).

use std::io::{self, Read};

/// The most bytes a WARC header (version line and fields) may take.
pub(crate) const MAX_HEADER: usize = 1 << 20;
/// The most header fields one record may have.
const MAX_FIELDS: usize = 4096;

/// One record's header.
#[derive(Clone, Debug, Default)]
pub(crate) struct Head {
    /// `1.0`, `1.1`, `0.17`, …
    pub version: String,
    /// Fields in order, names as written.
    pub fields: Vec<(String, String)>,
    /// Where the record starts in the (decompressed) stream.
    pub offset: u64,
    /// `Content-Length`: the block's size.
    pub length: u64,
}

impl Head {
    /// The first value of a field, by case-insensitive name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lower-cased (`response`, `request`, `revisit`, …).
    pub fn kind(&self) -> String {
        self.get("WARC-Type").unwrap_or("").to_ascii_lowercase()
    }

    /// `WARC-Target-URI` without the angle brackets WARC/1.0 examples show around it.
    pub fn target(&self) -> Option<String> {
        self.get("WARC-Target-URI")
            .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>'))
            .filter(|u| !u.is_empty())
            .map(str::to_string)
    }

    /// `Content-Type` of the block, lower-cased, without parameters.
    pub fn content_type(&self) -> String {
        self.get("Content-Type")
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }
}

/// Why reading stopped or a record could not be read.
#[derive(Debug)]
pub(crate) enum WarcError {
    /// The stream ended inside a record: what was missing, and where the record began.
    Truncated { offset: u64, what: String },
    /// The bytes at `offset` are not a WARC record (the reader looks for the next one).
    Malformed { offset: u64, what: String },
    /// Reading failed (a limit, an interrupt, or corrupt compression).
    Io(io::Error),
}

impl std::fmt::Display for WarcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WarcError::Truncated { offset, what } => {
                write!(f, "the record at byte {offset} is truncated: {what}")
            }
            WarcError::Malformed { offset, what } => {
                write!(f, "not a WARC record at byte {offset}: {what}")
            }
            WarcError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Bytes the reader passed over looking for a record start.
#[derive(Clone, Debug)]
pub(crate) struct Gap {
    /// Where they began.
    pub offset: u64,
    /// How many.
    pub bytes: u64,
}

/// Reads records from a plain (decompressed) WARC stream.
pub(crate) struct Reader<R> {
    r: R,
    /// Look-ahead buffer: `buf[start..end]` is read but not consumed.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    pos: u64,
    /// Block bytes of the current record not yet read.
    left: u64,
    /// The current record's start and length (for truncation reports).
    current: Option<(u64, u64)>,
    /// Bytes passed over before the next record, not yet reported.
    gaps: Vec<Gap>,
    /// The stream needs a search for the next `WARC/` line before reading a header:
    /// `Some(true)` when the reader stands at a line start.
    lost: Option<bool>,
    /// The last byte consumed.
    prev: u8,
    /// A read error met after bytes that are not used yet.
    err: Option<io::Error>,
}

/// Size of the look-ahead buffer.
const BUF: usize = 64 << 10;

impl<R: Read> Reader<R> {
    pub(crate) fn new(r: R) -> Self {
        Reader {
            r,
            buf: vec![0; BUF],
            start: 0,
            end: 0,
            eof: false,
            pos: 0,
            left: 0,
            current: None,
            gaps: Vec::new(),
            lost: None,
            prev: b'\n',
            err: None,
        }
    }

    /// Where the reader is in the stream.
    pub(crate) fn position(&self) -> u64 {
        self.pos
    }

    /// Gaps found since the last call.
    pub(crate) fn take_gaps(&mut self) -> Vec<Gap> {
        std::mem::take(&mut self.gaps)
    }

    /// At least `n` bytes of look-ahead (fewer only at the end of the stream).
    fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        let n = n.min(BUF);
        while self.end - self.start < n && !self.eof {
            // an error after some bytes: those bytes are read first, the error
            // comes when they are used up (a record before a corrupt gzip member)
            if let Some(e) = self.err.take() {
                if self.end == self.start {
                    return Err(e);
                }
                self.err = Some(e);
                break;
            }
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            match self.r.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(k) => self.end += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if self.end > self.start => self.err = Some(e),
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.end - self.start);
        if n > 0 {
            self.prev = self.buf[self.start + n - 1];
        }
        self.start += n;
        self.pos += n as u64;
    }

    /// The next record's header, or `None` at the end of the stream. The block of
    /// the previous record is skipped first.
    pub(crate) fn next_head(&mut self) -> Result<Option<Head>, WarcError> {
        self.finish_record()?;
        if let Some(at_line_start) = self.lost.take() {
            self.resync(at_line_start)?;
        }
        // blank lines between records are tolerated (writers disagree on them)
        self.skip_blank_lines()?;
        let start = self.pos;
        if self.peek(1).map_err(WarcError::Io)?.is_empty() {
            return Ok(None);
        }
        match self.read_head(start) {
            Ok(h) => {
                self.left = h.length;
                self.current = Some((h.offset, h.length));
                Ok(Some(h))
            }
            Err(e) => {
                if let WarcError::Malformed { .. } = e {
                    // a header that was too long leaves the reader inside a line
                    self.lost = Some(self.pos > 0 && self.last_was_newline());
                }
                Err(e)
            }
        }
    }

    fn last_was_newline(&self) -> bool {
        self.prev == b'\n'
    }

    /// A reader of the current record's block (only what is left of it).
    pub(crate) fn block(&mut self) -> Block<'_, R> {
        Block { reader: self }
    }

    /// Skip what is left of the current block and the record's closing CRLFs.
    fn finish_record(&mut self) -> Result<(), WarcError> {
        let Some((offset, length)) = self.current.take() else {
            return Ok(());
        };
        while self.left > 0 {
            let want = usize::try_from(self.left).unwrap_or(usize::MAX).min(BUF);
            let got = self.peek(want).map_err(WarcError::Io)?.len().min(want);
            if got == 0 {
                let read = length - self.left;
                self.left = 0;
                return Err(WarcError::Truncated {
                    offset,
                    what: format!(
                        "its block has {read} of the {length} bytes Content-Length declares"
                    ),
                });
            }
            self.consume(got);
            self.left -= got as u64;
        }
        // the two CRLFs that end a record; anything else means Content-Length was
        // wrong: the next header is searched for
        let mut seen = 0;
        while seen < 4 {
            let buf = self.peek(5).map_err(WarcError::Io)?;
            match buf.first() {
                None => return Ok(()),
                Some(b'\r' | b'\n') => {
                    self.consume(1);
                    seen += 1;
                }
                Some(_) if buf.starts_with(b"WARC/") => return Ok(()),
                Some(_) => {
                    self.lost = Some(false);
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    fn skip_blank_lines(&mut self) -> Result<(), WarcError> {
        loop {
            match self.peek(1).map_err(WarcError::Io)?.first() {
                Some(b'\r' | b'\n') => self.consume(1),
                _ => return Ok(()),
            }
        }
    }

    /// Pass over bytes up to the next line that starts with `WARC/`, noting the gap.
    fn resync(&mut self, mut line_start: bool) -> Result<(), WarcError> {
        let start = self.pos;
        loop {
            let buf = self.peek(5).map_err(WarcError::Io)?;
            if buf.is_empty() {
                break;
            }
            if line_start && buf.starts_with(b"WARC/") {
                break;
            }
            // on to the next line start
            let buf = self.peek(BUF).map_err(WarcError::Io)?;
            let skip = match memchr::memchr(b'\n', buf) {
                Some(i) => {
                    line_start = true;
                    i + 1
                }
                None => {
                    line_start = false;
                    buf.len()
                }
            };
            self.consume(skip);
        }
        if self.pos > start {
            self.gaps.push(Gap {
                offset: start,
                bytes: self.pos - start,
            });
        }
        Ok(())
    }

    /// One line (without its line end), bounded by `budget`.
    fn line(&mut self, budget: &mut usize, start: u64) -> Result<Option<Vec<u8>>, WarcError> {
        let mut out = Vec::new();
        loop {
            let buf = self.peek(BUF).map_err(WarcError::Io)?;
            if buf.is_empty() {
                if out.is_empty() {
                    return Ok(None);
                }
                return Err(WarcError::Truncated {
                    offset: start,
                    what: "the stream ends inside its header".into(),
                });
            }
            let (take, done) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            if take > *budget {
                let n = (*budget).min(take);
                self.consume(n);
                return Err(WarcError::Malformed {
                    offset: start,
                    what: format!("its header is longer than {MAX_HEADER} bytes"),
                });
            }
            *budget -= take;
            out.extend_from_slice(&buf[..take]);
            self.consume(take);
            if done {
                while out.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    out.pop();
                }
                return Ok(Some(out));
            }
        }
    }

    fn read_head(&mut self, start: u64) -> Result<Head, WarcError> {
        let mut budget = MAX_HEADER;
        let first = self.line(&mut budget, start)?.unwrap_or_default();
        let Some(version) = first.strip_prefix(b"WARC/") else {
            let shown: String = String::from_utf8_lossy(&first).chars().take(40).collect();
            return Err(WarcError::Malformed {
                offset: start,
                what: format!("expected a `WARC/` version line, found {shown:?}"),
            });
        };
        let version = String::from_utf8_lossy(version).trim().to_string();
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            let Some(line) = self.line(&mut budget, start)? else {
                return Err(WarcError::Truncated {
                    offset: start,
                    what: "the stream ends inside its header".into(),
                });
            };
            if line.is_empty() {
                break;
            }
            // WARC allows UTF-8 in values (1.1); anything else is read lossily
            let text = String::from_utf8_lossy(&line);
            if text.starts_with([' ', '\t']) {
                // a folded continuation of the previous field
                if let Some((_, v)) = fields.last_mut() {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                continue;
            }
            let Some((k, v)) = text.split_once(':') else {
                let shown: String = text.chars().take(40).collect();
                return Err(WarcError::Malformed {
                    offset: start,
                    what: format!("header line without a colon: {shown:?}"),
                });
            };
            if fields.len() >= MAX_FIELDS {
                return Err(WarcError::Malformed {
                    offset: start,
                    what: format!("more than {MAX_FIELDS} header fields"),
                });
            }
            fields.push((k.trim().to_string(), v.trim().to_string()));
        }
        let length = fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .map(|(_, v)| v.as_str());
        let length = match length.map(|v| v.parse::<u64>()) {
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                return Err(WarcError::Malformed {
                    offset: start,
                    what: format!("bad Content-Length {:?}", length.unwrap_or("")),
                })
            }
            None => {
                return Err(WarcError::Malformed {
                    offset: start,
                    what: "no Content-Length".into(),
                })
            }
        };
        Ok(Head {
            version,
            fields,
            offset: start,
            length,
        })
    }
}

/// The stream ended inside a record's block (carried inside an `io::Error`).
#[derive(Debug)]
pub(crate) struct BlockEnd(pub String);

impl std::fmt::Display for BlockEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BlockEnd {}

impl BlockEnd {
    /// Whether an io::Error is the end of a block.
    pub(crate) fn is(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|i| i.is::<BlockEnd>())
    }
}

/// The block of the current record: reads at most what is left of it. Ending early
/// (the stream is shorter than `Content-Length`) is an `UnexpectedEof` error.
pub(crate) struct Block<'a, R> {
    reader: &'a mut Reader<R>,
}

impl<R: Read> Read for Block<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let rd = &mut *self.reader;
        if rd.left == 0 || out.is_empty() {
            return Ok(0);
        }
        let max = out
            .len()
            .min(usize::try_from(rd.left).unwrap_or(usize::MAX))
            .min(BUF);
        let buf = rd.peek(max)?;
        if buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                BlockEnd(format!(
                    "the stream ends {} bytes before the end of the record's block",
                    rd.left
                )),
            ));
        }
        let n = buf.len().min(max);
        out[..n].copy_from_slice(&buf[..n]);
        rd.consume(n);
        rd.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(kind: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: <http://example.com/>\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        v.extend_from_slice(body);
        v.extend_from_slice(b"\r\n\r\n");
        v
    }

    #[test]
    fn records_one_after_another_with_blocks_read_or_not() {
        let mut data = rec("warcinfo", b"software: x\r\n");
        data.extend(rec("response", b"HTTP/1.1 200 OK\r\n\r\nhello"));
        data.extend(rec("resource", b""));
        let mut r = Reader::new(&data[..]);
        let h = r.next_head().unwrap().unwrap();
        assert_eq!(h.kind(), "warcinfo");
        assert_eq!(h.version, "1.1");
        let h = r.next_head().unwrap().unwrap();
        assert_eq!(h.kind(), "response");
        assert_eq!(h.target().as_deref(), Some("http://example.com/"));
        let mut body = String::new();
        r.block().read_to_string(&mut body).unwrap();
        assert!(body.ends_with("hello"));
        let h = r.next_head().unwrap().unwrap();
        assert_eq!((h.kind().as_str(), h.length), ("resource", 0));
        assert!(r.next_head().unwrap().is_none());
    }

    #[test]
    fn a_truncated_block_is_reported_where_its_record_began() {
        let mut data = rec("response", b"0123456789");
        let second = data.len() as u64;
        data.extend(rec("response", b"0123456789"));
        data.truncate(data.len() - 9);
        let mut r = Reader::new(&data[..]);
        r.next_head().unwrap().unwrap();
        r.next_head().unwrap().unwrap();
        match r.next_head() {
            Err(WarcError::Truncated { offset, .. }) => assert_eq!(offset, second),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_content_length_is_passed_over_to_the_next_record() {
        let mut bad = rec("response", b"0123456789");
        // declare 4 bytes for a block of 10
        let s = String::from_utf8(bad.clone()).unwrap();
        bad = s
            .replace("Content-Length: 10", "Content-Length: 4")
            .into_bytes();
        bad.extend(rec("metadata", b"abc"));
        let mut r = Reader::new(&bad[..]);
        assert_eq!(r.next_head().unwrap().unwrap().kind(), "response");
        let h = r.next_head().unwrap().unwrap();
        assert_eq!(h.kind(), "metadata");
        let gaps = r.take_gaps();
        assert_eq!(gaps.len(), 1);
        assert!(gaps[0].bytes >= 6, "{gaps:?}");
    }

    #[test]
    fn a_header_that_never_ends_is_an_error_not_an_allocation() {
        let mut data = b"WARC/1.0\r\nWARC-Type: response\r\nX: ".to_vec();
        data.extend(std::iter::repeat_n(b'a', MAX_HEADER + 10));
        let mut r = Reader::new(&data[..]);
        match r.next_head() {
            Err(WarcError::Malformed { what, .. }) => assert!(what.contains("longer"), "{what}"),
            other => panic!("{other:?}"),
        }
        // and the rest is searched: nothing more
        assert!(r.next_head().unwrap().is_none());
    }

    #[test]
    fn garbage_before_a_record_and_missing_length() {
        let mut data = b"garbage line\nmore\n".to_vec();
        data.extend(rec("request", b"GET / HTTP/1.1\r\n\r\n"));
        let mut r = Reader::new(&data[..]);
        assert!(matches!(r.next_head(), Err(WarcError::Malformed { .. })));
        assert_eq!(r.next_head().unwrap().unwrap().kind(), "request");
        let gaps = r.take_gaps();
        assert_eq!((gaps[0].offset, gaps[0].bytes), (13, 5));
        let no_len = b"WARC/1.0\r\nWARC-Type: response\r\n\r\nbody";
        let mut r = Reader::new(&no_len[..]);
        assert!(matches!(r.next_head(), Err(WarcError::Malformed { .. })));
        assert!(r.next_head().unwrap().is_none());
    }
}
