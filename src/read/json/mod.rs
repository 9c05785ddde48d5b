//! Streaming reader for the JSON and JavaScript files of exports.
//!
//! Exports wrap JSON in JavaScript (`window.YTD.tweets.part0 = [ … ]`,
//! `var user_details = { … }`, `Grailbird.data.tweets_2013_01 = [ … ]`). This reader
//! skips everything up to the first `=` (when the file does not start with JSON),
//! then yields the items of the top-level array one at a time as byte slices, without
//! ever holding the whole file. A top-level object is yielded as one item.
//!
//! The scanner tracks strings and nesting itself, which gives two guarantees a plain
//! parser does not: a malformed or too-deep item is skipped on its own (the next item
//! is still read), and an item's size and depth are bounded by [`Limits`].

use std::io::{self, Read};

use crate::container::Limits;

mod stream;
mod utf16;

pub use stream::{stream_items, stream_items_threaded, ItemFault};
pub use utf16::Utf16Json;

/// Why an item could not be read.
#[derive(Debug)]
pub enum ItemError {
    /// The item nests deeper than the limit; it was skipped, reading goes on.
    TooDeep(usize),
    /// The item is larger than the limit; it was skipped, reading goes on.
    TooBig(u64),
    /// A byte that cannot start a value (a stray `}`); it was skipped, reading goes on.
    Stray(u8),
    /// The file is not JSON where JSON was expected (or ends mid-item); reading stops.
    Syntax(String),
    /// Reading failed; reading stops.
    Io(io::Error),
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemError::TooDeep(d) => write!(f, "JSON nesting deeper than {d}"),
            ItemError::TooBig(n) => write!(f, "record larger than {n} bytes"),
            ItemError::Stray(b) => write!(
                f,
                "not valid JSON: unexpected {:?} between records",
                *b as char
            ),
            ItemError::Syntax(m) => write!(f, "not valid JSON: {m}"),
            ItemError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl ItemError {
    /// True when reading can go on with the next item.
    pub fn recoverable(&self) -> bool {
        matches!(
            self,
            ItemError::TooDeep(_) | ItemError::TooBig(_) | ItemError::Stray(_)
        )
    }
}

/// Bytes the scanner must look at outside strings.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b',' as usize] = true;
    t
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Prefix,
    Top,
    /// Between the members of the top-level object (keyed mode).
    Members,
    InArray,
    Done,
}

/// Items of a JSON/JS export file, streamed.
pub struct JsonItems<R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    eof: bool,
    state: State,
    item: Vec<u8>,
    max_depth: usize,
    max_bytes: u64,
    /// Byte offset of the start of the current buffer in the file.
    offset: u64,
    /// Index of the next item.
    index: u64,
    single_object: bool,
    /// Keyed mode: stream the array under this key of the top-level object.
    key: Option<Vec<u8>>,
    /// Keyed mode: the other members of the top-level object, as raw JSON.
    others: Vec<(String, Vec<u8>)>,
    /// Keyed mode: the array being streamed sits inside the top-level object.
    in_object: bool,
}

impl<R: Read> JsonItems<R> {
    /// Stream the items of the array under `key` of a top-level object (such as
    /// `orderedItems` of an ActivityStreams collection); the object's other members
    /// are kept, as raw JSON, in [`others`](Self::others). A top-level array is
    /// streamed as it is.
    pub fn at_key(r: R, limits: &Limits, key: &str) -> Self {
        let mut s = JsonItems::new(r, limits);
        s.key = Some(key.as_bytes().to_vec());
        s
    }

    /// Byte offset in the file where the scanner stands (after an error: where it
    /// stopped).
    pub fn position(&self) -> u64 {
        self.offset + self.pos as u64
    }

    /// Keyed mode: the top-level object's members other than the streamed array, as
    /// `(name, raw JSON)`; complete once the stream has ended.
    pub fn others(&self) -> &[(String, Vec<u8>)] {
        &self.others
    }

    /// Read `r` under `limits` (item depth and size).
    pub fn new(r: R, limits: &Limits) -> Self {
        JsonItems {
            r,
            buf: vec![0u8; 1 << 16].into_boxed_slice(),
            pos: 0,
            len: 0,
            eof: false,
            state: State::Prefix,
            item: Vec::with_capacity(1 << 12),
            max_depth: limits.max_json_depth,
            max_bytes: limits.max_record_bytes,
            offset: 0,
            index: 0,
            single_object: false,
            key: None,
            others: Vec::new(),
            in_object: false,
        }
    }

    /// True when the top level was an object rather than an array.
    pub fn is_single_object(&self) -> bool {
        self.single_object
    }

    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.offset += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.r.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn peek_non_ws(&mut self) -> io::Result<Option<u8>> {
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            while self.pos < self.len {
                let b = self.buf[self.pos];
                if !(matches!(b, b' ' | b'\t' | b'\n' | b'\r')
                    || b == 0xEF
                    || b == 0xBB
                    || b == 0xBF)
                {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
        }
    }

    /// The next item, or `None` at the end of the array. After an unrecoverable error
    /// the stream is finished.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<&[u8], ItemError>> {
        match self.advance() {
            Ok(true) => Some(Ok(&self.item)),
            Ok(false) => None,
            Err(e) => {
                if !e.recoverable() {
                    self.state = State::Done;
                }
                Some(Err(e))
            }
        }
    }

    /// Index (0-based) of the item last returned.
    pub fn index(&self) -> u64 {
        self.index.saturating_sub(1)
    }

    fn advance(&mut self) -> Result<bool, ItemError> {
        loop {
            match self.state {
                State::Done => return Ok(false),
                State::Prefix => {
                    let b = self.peek_non_ws().map_err(ItemError::Io)?;
                    match b {
                        None => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax("the file is empty".into()));
                        }
                        Some(b'[') | Some(b'{') => self.state = State::Top,
                        Some(_) => {
                            // JavaScript prefix: skip to the first '='.
                            loop {
                                if !self.fill().map_err(ItemError::Io)? {
                                    self.state = State::Done;
                                    return Err(ItemError::Syntax(
                                        "no '=' and no JSON in the file".into(),
                                    ));
                                }
                                match self.buf[self.pos..self.len].iter().position(|&c| c == b'=') {
                                    Some(i) => {
                                        self.pos += i + 1;
                                        break;
                                    }
                                    None => self.pos = self.len,
                                }
                            }
                            self.state = State::Top;
                        }
                    }
                }
                State::Top => {
                    let b = self.peek_non_ws().map_err(ItemError::Io)?;
                    match b {
                        Some(b'[') => {
                            self.pos += 1;
                            self.state = State::InArray;
                        }
                        Some(b'{') if self.key.is_some() => {
                            self.pos += 1;
                            self.state = State::Members;
                        }
                        Some(b'{') => {
                            self.single_object = true;
                            self.state = State::Done;
                            self.scan_value()?;
                            self.index += 1;
                            return Ok(true);
                        }
                        Some(c) => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax(format!(
                                "expected '[' or '{{' at byte {}, found {:?}",
                                self.offset + self.pos as u64,
                                c as char
                            )));
                        }
                        None => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax("no JSON after '='".into()));
                        }
                    }
                }
                State::Members => {
                    let b = self.peek_non_ws().map_err(ItemError::Io)?;
                    match b {
                        Some(b',') => {
                            self.pos += 1;
                        }
                        Some(b'}') => {
                            self.pos += 1;
                            self.state = State::Done;
                            return Ok(false);
                        }
                        Some(b'"') => {
                            // the member's name
                            self.scan_value()?;
                            let name: String = serde_json::from_slice(&self.item)
                                .map_err(|e| ItemError::Syntax(format!("bad member name: {e}")))?;
                            match self.peek_non_ws().map_err(ItemError::Io)? {
                                Some(b':') => self.pos += 1,
                                _ => {
                                    self.state = State::Done;
                                    return Err(ItemError::Syntax(format!(
                                        "no ':' after {name:?}"
                                    )));
                                }
                            }
                            let wanted = self.key.as_deref() == Some(name.as_bytes());
                            let next = self.peek_non_ws().map_err(ItemError::Io)?;
                            if wanted && next == Some(b'[') {
                                self.pos += 1;
                                self.in_object = true;
                                self.state = State::InArray;
                                continue;
                            }
                            match self.scan_value() {
                                Ok(()) => self.others.push((name, std::mem::take(&mut self.item))),
                                Err(e) if e.recoverable() => {}
                                Err(e) => {
                                    self.state = State::Done;
                                    return Err(e);
                                }
                            }
                        }
                        None => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax(
                                "the file ends inside the object (truncated?)".into(),
                            ));
                        }
                        Some(c) => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax(format!(
                                "expected a member name at byte {}, found {:?}",
                                self.offset + self.pos as u64,
                                c as char
                            )));
                        }
                    }
                }
                State::InArray => {
                    let b = self.peek_non_ws().map_err(ItemError::Io)?;
                    match b {
                        None => {
                            self.state = State::Done;
                            return Err(ItemError::Syntax(
                                "the file ends inside the array (truncated?)".into(),
                            ));
                        }
                        Some(b',') => {
                            self.pos += 1;
                            continue;
                        }
                        Some(b']') => {
                            self.pos += 1;
                            if self.in_object {
                                // back among the object's members
                                self.state = State::Members;
                                continue;
                            }
                            self.state = State::Done;
                            return Ok(false);
                        }
                        Some(_) => {
                            let r = self.scan_value();
                            self.index += 1;
                            r?;
                            return Ok(true);
                        }
                    }
                }
            }
        }
    }

    /// Copy one JSON value (object, array, string or scalar) into `self.item`.
    /// Leaves the reader just past it. Too-deep or too-big values are consumed whole
    /// and reported.
    fn scan_value(&mut self) -> Result<(), ItemError> {
        self.item.clear();
        let mut depth: usize = 0;
        let mut max_seen: usize = 0;
        let mut in_str = false;
        let mut esc = false;
        let mut size: u64 = 0;
        let mut keep = true;
        let mut started = false;
        loop {
            if !self.fill().map_err(ItemError::Io)? {
                if started && depth == 0 && !in_str {
                    break; // a scalar at the very end of the file
                }
                return Err(ItemError::Syntax(
                    "the file ends inside a record (truncated?)".into(),
                ));
            }
            let start = self.pos;
            let mut end_here = None;
            let bytes = &self.buf[start..self.len];
            let mut i = 0;
            while i < bytes.len() {
                if in_str {
                    if esc {
                        esc = false;
                        i += 1;
                        continue;
                    }
                    // jump to the next quote or backslash
                    match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
                        None => {
                            i = bytes.len();
                            continue;
                        }
                        Some(k) => i += k,
                    }
                    if bytes[i] == b'\\' {
                        esc = true;
                    } else {
                        in_str = false;
                        if depth == 0 {
                            end_here = Some(i + 1);
                            break;
                        }
                    }
                    i += 1;
                    continue;
                }
                let b = bytes[i];
                if !SPECIAL[b as usize] {
                    started = true;
                    i += 1;
                    // pretty-printed exports indent with long runs of spaces: step over
                    // them eight at a time
                    if b == b' ' {
                        while let Some(w) = bytes.get(i..i + 8) {
                            if w != b"        " {
                                break;
                            }
                            i += 8;
                        }
                    }
                    continue;
                }
                match b {
                    b'"' => in_str = true,
                    b'{' | b'[' => {
                        depth += 1;
                        if depth > max_seen {
                            max_seen = depth;
                        }
                    }
                    b'}' | b']' => {
                        if depth == 0 {
                            // end of a scalar followed by the closing bracket of the array
                            end_here = Some(i);
                            break;
                        }
                        depth -= 1;
                        if depth == 0 {
                            end_here = Some(i + 1);
                            break;
                        }
                    }
                    b',' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 && started => {
                        end_here = Some(i);
                        break;
                    }
                    _ => {}
                }
                started = true;
                i += 1;
            }
            let upto = end_here.unwrap_or(bytes.len());
            size += upto as u64;
            if keep {
                if size > self.max_bytes || max_seen > self.max_depth {
                    keep = false;
                    self.item.clear();
                    self.item.shrink_to(1 << 16);
                } else {
                    self.item.extend_from_slice(&bytes[..upto]);
                }
            }
            self.pos = start + upto;
            if end_here.is_some() {
                break;
            }
        }
        if size == 0 {
            // Nothing could be read as a value here (a closing bracket with no opening
            // one): step over the byte, or the reader would stand still forever.
            let b = self.buf.get(self.pos).copied().unwrap_or(b'?');
            self.pos += 1;
            return Err(ItemError::Stray(b));
        }
        if max_seen > self.max_depth {
            return Err(ItemError::TooDeep(self.max_depth));
        }
        if size > self.max_bytes {
            return Err(ItemError::TooBig(self.max_bytes));
        }
        Ok(())
    }
}

/// Parse an item's bytes into a JSON value. Invalid UTF-8 is repaired (replaced by
/// U+FFFD) and reported through `repaired`.
pub(crate) fn parse_value(bytes: &[u8], repaired: &mut bool) -> Result<serde_json::Value, String> {
    match serde_json::from_slice(bytes) {
        Ok(v) => Ok(v),
        Err(e) => {
            if std::str::from_utf8(bytes).is_err() {
                let s = String::from_utf8_lossy(bytes);
                if let Ok(v) = serde_json::from_str(&s) {
                    *repaired = true;
                    return Ok(v);
                }
            }
            Err(e.to_string())
        }
    }
}

#[cfg(test)]
mod tests;
