//! The HTTP messages inside WARC `request` and `response` records: the head (status or
//! request line and header fields, bounded), and the body undone of its transfer
//! coding (`chunked`) and content codings (`gzip`, `x-gzip`, `deflate`, `br`).
//!
//! Capture tools disagree on what they store: most keep the bytes as sent (chunked,
//! compressed), some store the body decoded but keep the headers that say otherwise.
//! Each layer therefore looks before it decodes: a body that does not start like a
//! chunk, a gzip member or a zlib stream is passed through as it is, and the record
//! notes it.
//!
//! Decoding is bounded ([`BodyLimits`]): a body that decodes to more than its limit,
//! or past a grace size to more than `ratio` times the bytes it was decoded from,
//! stops with a [`BodyLimit`] error: a decompression bomb is one skipped record.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

/// The most bytes an HTTP head may take.
pub(crate) const MAX_HTTP_HEAD: usize = 256 << 10;

/// A request or response head.
#[derive(Clone, Debug, Default)]
pub(crate) struct HttpHead {
    /// The status code of a response.
    pub status: Option<u16>,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
}

impl HttpHead {
    /// The first value of a header, by case-insensitive name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lower-cased, without parameters.
    pub fn content_type(&self) -> String {
        media_type(self.get("Content-Type").unwrap_or(""))
    }

    /// The `charset` parameter of `Content-Type`.
    pub fn charset(&self) -> Option<String> {
        charset_param(self.get("Content-Type")?)
    }

    /// Content codings in the order they were applied.
    pub fn content_encodings(&self) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("Content-Encoding"))
            .flat_map(|(_, v)| v.split(','))
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty() && c != "identity")
            .collect()
    }

    /// Whether the transfer coding is chunked.
    pub fn chunked(&self) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("Transfer-Encoding"))
            .any(|(_, v)| v.to_ascii_lowercase().contains("chunked"))
    }
}

/// `text/html; charset=x` → `text/html`.
pub(crate) fn media_type(v: &str) -> String {
    v.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The `charset` parameter of a `Content-Type` value.
pub(crate) fn charset_param(v: &str) -> Option<String> {
    v.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
    })
}

/// Why an HTTP message could not be read.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// The head is not HTTP, too long, or cut short.
    Head(String),
    /// Reading the block failed.
    Io(io::Error),
}

/// Read an HTTP head from the start of a block. Returns the head and the bytes read
/// past it (the start of the body).
pub(crate) fn read_head(r: &mut dyn Read) -> Result<(HttpHead, Vec<u8>), HttpError> {
    let mut buf: Vec<u8> = Vec::with_capacity(8 << 10);
    let mut chunk = [0u8; 8 << 10];
    let end = loop {
        if let Some(e) = head_end(&buf) {
            break e;
        }
        if buf.len() > MAX_HTTP_HEAD {
            return Err(HttpError::Head(format!(
                "the HTTP head is longer than {MAX_HTTP_HEAD} bytes"
            )));
        }
        let n = match r.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(HttpError::Io(e)),
        };
        if n == 0 {
            if buf.is_empty() {
                return Err(HttpError::Head("the record holds no HTTP message".into()));
            }
            // a head without its blank line: what there is, is the head
            let len = buf.len();
            break (len, len);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let (head_len, body_start) = end;
    let rest = buf.get(body_start..).unwrap_or_default().to_vec();
    let text = String::from_utf8_lossy(buf.get(..head_len).unwrap_or_default()).into_owned();
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let start_line = lines.next().unwrap_or("").trim().to_string();
    if !(start_line.starts_with("HTTP/") || start_line.contains(" HTTP/")) {
        let shown: String = start_line.chars().take(60).collect();
        return Err(HttpError::Head(format!("not an HTTP message: {shown:?}")));
    }
    let status = start_line
        .strip_prefix("HTTP/")
        .and_then(|s| s.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok());
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok((HttpHead { status, headers }, rest))
}

/// Where the head ends: (its length, where the body starts).
fn head_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(buf, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(buf, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// How far a body may decode.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyLimits {
    /// The most decoded bytes.
    pub max_bytes: u64,
    /// The most decoded bytes per encoded byte, past `grace`.
    pub ratio: u64,
    /// Decoded bytes allowed before the ratio applies.
    pub grace: u64,
}

/// A body decoded past its limits (carried inside an `io::Error`).
#[derive(Debug)]
pub(crate) struct BodyLimit(pub String);

impl std::fmt::Display for BodyLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BodyLimit {}

impl BodyLimit {
    /// The limit inside an io::Error, if that is what it is.
    pub(crate) fn find(e: &io::Error) -> Option<&BodyLimit> {
        e.get_ref().and_then(|e| e.downcast_ref::<BodyLimit>())
    }
}

/// What was done to a body to decode it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Decoding {
    /// Codings undone, in the order they were undone (`chunked`, `gzip`, …).
    pub undone: Vec<String>,
    /// Codings the headers declare but the bytes did not show (stored decoded).
    pub already_decoded: Vec<String>,
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Stops a decoded body at its limits.
struct Guard<R> {
    inner: R,
    raw: Rc<Cell<u64>>,
    out: u64,
    limits: BodyLimits,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        let raw = self.raw.get().max(1);
        if self.out > self.limits.max_bytes {
            return Err(io::Error::other(BodyLimit(format!(
                "the body decodes to more than {} bytes",
                self.limits.max_bytes
            ))));
        }
        if self.out > self.limits.grace && self.out / raw > self.limits.ratio {
            return Err(io::Error::other(BodyLimit(format!(
                "the body decodes to more than {} times its {raw} encoded bytes (a decompression bomb?)",
                self.limits.ratio
            ))));
        }
        Ok(n)
    }
}

/// The decoded body of an HTTP message: `rest` (bytes read past the head) then `r`.
/// Fails only for a content coding lifeboat cannot undo.
pub(crate) fn body<'a>(
    head: &HttpHead,
    rest: Vec<u8>,
    r: Box<dyn Read + 'a>,
    limits: BodyLimits,
) -> Result<(Box<dyn Read + 'a>, Decoding), String> {
    let count = Rc::new(Cell::new(0u64));
    let raw = Counted {
        inner: io::Cursor::new(rest).chain(r),
        count: count.clone(),
    };
    let mut decoding = Decoding::default();
    let mut cur: Box<dyn BufRead + 'a> = Box::new(BufReader::new(raw));
    if head.chunked() {
        if looks_chunked(&mut *cur) {
            cur = Box::new(BufReader::new(Chunked::new(cur)));
            decoding.undone.push("chunked".into());
        } else {
            decoding.already_decoded.push("chunked".into());
        }
    }
    for coding in head.content_encodings().iter().rev() {
        let first = cur.fill_buf().map(|b| b.to_vec()).unwrap_or_default();
        let first = first.get(..first.len().min(2)).unwrap_or_default();
        let next: Box<dyn BufRead + 'a> = match coding.as_str() {
            "gzip" | "x-gzip" => {
                if first.starts_with(&[0x1f, 0x8b]) {
                    Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(cur)))
                } else {
                    decoding.already_decoded.push(coding.clone());
                    continue;
                }
            }
            "deflate" => {
                let zlib = match first {
                    [a, b] => (a & 0x0f) == 8 && (u16::from(*a) << 8 | u16::from(*b)) % 31 == 0,
                    _ => false,
                };
                if zlib {
                    Box::new(BufReader::new(flate2::bufread::ZlibDecoder::new(cur)))
                } else if first.is_empty() || first.first().is_some_and(|b| *b == b'<') {
                    // empty, or markup: stored decoded
                    decoding.already_decoded.push(coding.clone());
                    continue;
                } else {
                    Box::new(BufReader::new(flate2::bufread::DeflateDecoder::new(cur)))
                }
            }
            "br" => {
                if first.first().is_some_and(|b| *b == b'<') {
                    decoding.already_decoded.push(coding.clone());
                    continue;
                }
                Box::new(BufReader::new(brotli_decompressor::Decompressor::new(
                    cur, 8192,
                )))
            }
            other => return Err(format!("content coding {other:?} is not supported")),
        };
        decoding.undone.push(coding.clone());
        cur = next;
    }
    Ok((
        Box::new(Guard {
            inner: cur,
            raw: count,
            out: 0,
            limits,
        }),
        decoding,
    ))
}

/// Whether a body starts like a chunked one: hex digits, optional extensions, CRLF.
fn looks_chunked(r: &mut dyn BufRead) -> bool {
    let Ok(buf) = r.fill_buf() else {
        return false;
    };
    let line_end = match memchr::memchr(b'\n', buf) {
        Some(i) => i,
        None => return false,
    };
    let line = &buf[..line_end];
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let size = line.split(|b| *b == b';').next().unwrap_or_default();
    let size = size.trim_ascii();
    !size.is_empty() && size.len() <= 16 && size.iter().all(u8::is_ascii_hexdigit)
}

/// Undoes `Transfer-Encoding: chunked`. A body cut short ends where it ends (a
/// capture interrupted mid-body keeps what it has); trailers are skipped.
struct Chunked<R> {
    inner: R,
    left: u64,
    done: bool,
}

impl<R: BufRead> Chunked<R> {
    fn new(inner: R) -> Self {
        Chunked {
            inner,
            left: 0,
            done: false,
        }
    }

    fn line(&mut self) -> io::Result<Vec<u8>> {
        let mut line = Vec::new();
        (&mut self.inner).take(4096).read_until(b'\n', &mut line)?;
        Ok(line)
    }
}

impl<R: BufRead> Read for Chunked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let mut line = self.line()?;
            // the CRLF ending the previous chunk
            if line == b"\r\n" || line == b"\n" {
                line = self.line()?;
            }
            let text = String::from_utf8_lossy(&line);
            let size = text.split(';').next().unwrap_or("").trim();
            if size.is_empty() {
                self.done = true;
                return Ok(0);
            }
            let Ok(size) = u64::from_str_radix(size, 16) else {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bad chunk size {size:?}"),
                ));
            };
            if size == 0 {
                self.done = true;
                return Ok(0);
            }
            self.left = size;
        }
        let max = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..max])?;
        if n == 0 {
            self.done = true;
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const LIMITS: BodyLimits = BodyLimits {
        max_bytes: 1 << 20,
        ratio: 100,
        grace: 64 << 10,
    };

    fn decode(msg: &[u8]) -> (HttpHead, Result<Vec<u8>, io::Error>, Decoding) {
        let mut r: &[u8] = msg;
        let (head, rest) = read_head(&mut r).unwrap();
        let (mut body, d) = body(&head, rest, Box::new(r), LIMITS).unwrap();
        let mut out = Vec::new();
        let res = body.read_to_end(&mut out).map(|_| out);
        (head, res, d)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn chunked_and_gzipped_bodies_are_undone() {
        let gz = gzip(b"<html>hello</html>");
        let (a, b) = gz.split_at(7);
        let mut msg = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        msg.extend(format!("{:x}\r\n", a.len()).as_bytes());
        msg.extend(a);
        msg.extend(format!("\r\n{:x};ext=1\r\n", b.len()).as_bytes());
        msg.extend(b);
        msg.extend(b"\r\n0\r\nX-Trailer: 1\r\n\r\n");
        let (head, body, d) = decode(&msg);
        assert_eq!(head.status, Some(200));
        assert_eq!(head.content_type(), "text/html");
        assert_eq!(head.charset().as_deref(), Some("iso-8859-1"));
        assert_eq!(body.unwrap(), b"<html>hello</html>");
        assert_eq!(d.undone, ["chunked", "gzip"]);
    }

    #[test]
    fn bodies_stored_decoded_are_passed_through() {
        let msg = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n<p>plain</p>";
        let (_, body, d) = decode(msg);
        assert_eq!(body.unwrap(), b"<p>plain</p>");
        assert_eq!(d.already_decoded, ["chunked", "gzip"]);
    }

    #[test]
    fn deflate_with_and_without_zlib_header_and_brotli() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"zlib body").unwrap();
        let mut msg = b"HTTP/1.0 200 OK\nContent-Encoding: deflate\n\n".to_vec();
        msg.extend(z.finish().unwrap());
        assert_eq!(decode(&msg).1.unwrap(), b"zlib body");
        let mut raw =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        raw.write_all(b"raw deflate").unwrap();
        let mut msg = b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n".to_vec();
        msg.extend(raw.finish().unwrap());
        assert_eq!(decode(&msg).1.unwrap(), b"raw deflate");
        // "hello" compressed by brotli (quality 11)
        let br = [0x0b, 0x02, 0x80, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x03];
        let mut msg = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n".to_vec();
        msg.extend(br);
        assert_eq!(decode(&msg).1.unwrap(), b"hello");
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_limit() {
        let bomb = gzip(&vec![0u8; 8 << 20]);
        let mut msg = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        msg.extend(&bomb);
        let err = decode(&msg).1.unwrap_err();
        let limit = BodyLimit::find(&err).expect("a body limit");
        assert!(
            limit.0.contains("bomb") || limit.0.contains("more than"),
            "{limit}"
        );
    }

    #[test]
    fn heads_are_bounded_and_checked() {
        let mut huge = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', MAX_HTTP_HEAD + 100));
        let mut r: &[u8] = &huge;
        assert!(matches!(read_head(&mut r), Err(HttpError::Head(m)) if m.contains("longer")));
        let mut r: &[u8] = b"\x00\x01binary";
        assert!(matches!(read_head(&mut r), Err(HttpError::Head(_))));
        let mut r: &[u8] = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        let (h, rest) = read_head(&mut r).unwrap();
        assert_eq!((h.status, h.get("host"), rest.len()), (None, Some("x"), 0));
    }
}
