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
mod tests {
    use super::*;

    fn all(s: &[u8]) -> Vec<Result<String, String>> {
        let mut it = JsonItems::new(s, &Limits::default());
        let mut out = Vec::new();
        while let Some(r) = it.next() {
            out.push(
                r.map(|b| String::from_utf8_lossy(b).into_owned())
                    .map_err(|e| e.to_string()),
            );
        }
        out
    }

    #[test]
    fn ytd_prefix_and_items() {
        let v = all(b"window.YTD.tweets.part0 = [ {\"a\" : \"x]}\\\"\"}, {\"b\":[1,2]} ]");
        assert_eq!(
            v,
            vec![
                Ok("{\"a\" : \"x]}\\\"\"}".into()),
                Ok("{\"b\":[1,2]}".into())
            ]
        );
    }

    #[test]
    fn empty_arrays_both_spellings() {
        assert!(all(b"window.YTD.app.part0 = []").is_empty());
        assert!(all(b"window.YTD.app.part0 = [ ]").is_empty());
        assert!(all(b"window.YTD.app.part0 = [ ];\n").is_empty());
    }

    #[test]
    fn grailbird_and_var_prefixes() {
        let v = all(b"Grailbird.data.tweets_2007_11 = \n [ {\n \"id\" : 1 } ]");
        assert_eq!(v.len(), 1);
        let v = all(b"var user_details =  {\n \"id\" : \"1\"\n}");
        assert_eq!(v, vec![Ok("{\n \"id\" : \"1\"\n}".into())]);
    }

    #[test]
    fn scalars_and_bare_json() {
        let v = all(b"[1, \"two\", {\"x\":3}, 42]");
        assert_eq!(
            v,
            vec![
                Ok("1".into()),
                Ok("\"two\"".into()),
                Ok("{\"x\":3}".into()),
                Ok("42".into())
            ]
        );
    }

    #[test]
    fn deep_item_is_skipped_and_next_is_read() {
        let mut s = b"x = [".to_vec();
        s.extend(std::iter::repeat_n(b'[', 5000));
        s.extend(std::iter::repeat_n(b']', 5000));
        s.extend(b", {\"ok\":true}]");
        let v = all(&s);
        assert_eq!(v.len(), 2);
        assert!(v[0].as_ref().unwrap_err().contains("nesting"));
        assert_eq!(v[1], Ok("{\"ok\":true}".into()));
    }

    #[test]
    fn stray_closing_brackets_do_not_stall() {
        let v = all(b"x = [ {\"a\":1}, }, {\"b\":2} } ]");
        assert_eq!(v.len(), 4, "{v:?}");
        assert_eq!(v[0], Ok("{\"a\":1}".into()));
        assert!(v[1].as_ref().unwrap_err().contains("unexpected '}'"));
        assert_eq!(v[2], Ok("{\"b\":2}".into()));
        assert!(v[3].is_err());
    }

    #[test]
    fn truncated_file_is_an_error() {
        let v = all(b"window.YTD.tweets.part0 = [ {\"a\": 1}, {\"b\": ");
        assert_eq!(v.len(), 2);
        assert!(v[1].as_ref().unwrap_err().contains("truncated"));
    }

    #[test]
    fn small_buffers_split_anywhere() {
        // items spanning the 64 KiB buffer boundary
        let big = "y".repeat(70_000);
        let s = format!("a = [ {{\"t\":\"{big}\"}}, {{\"u\":1}} ]");
        let v = all(s.as_bytes());
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].as_ref().unwrap().len(), 70_000 + 8);
    }

    type Seen = Vec<(u64, Result<Vec<u8>, String>)>;

    fn collect(data: &[u8], threaded: bool) -> (Seen, Result<u64, io::Error>) {
        let mut out = Vec::new();
        let limits = Limits::default();
        let mut r: &[u8] = data;
        let each = |i: u64, b: Result<&[u8], ItemFault>| -> Result<(), io::Error> {
            out.push((i, b.map(<[u8]>::to_vec).map_err(|f| f.message)));
            Ok(())
        };
        let n = if threaded {
            stream_items_threaded(&mut r, &limits, each)
        } else {
            stream_items(&mut r, &limits, each)
        };
        (out, n)
    }

    #[test]
    fn threaded_reading_gives_the_same_items_in_order() {
        // several MiB, so that items cross many batches; a stray byte, a too-deep item
        let mut data = b"window.YTD.tweets.part0 = [".to_vec();
        for i in 0..60_000 {
            if i % 9_999 == 0 {
                data.extend_from_slice(b"}, ");
            }
            if i % 20_000 == 1 {
                data.extend(std::iter::repeat_n(b'[', 500));
                data.extend(std::iter::repeat_n(b']', 500));
                data.extend_from_slice(b", ");
            }
            data.extend_from_slice(
                format!(
                    "{{\"tweet\" : {{ \"id_str\" : \"{i}\", \"full_text\" : \"{}\" }} }},\n",
                    "x".repeat(i % 300)
                )
                .as_bytes(),
            );
        }
        data.extend_from_slice(b"{} ]");
        let (seq, n1) = collect(&data, false);
        let (thr, n2) = collect(&data, true);
        assert_eq!(n1.unwrap(), n2.unwrap());
        assert_eq!(seq.len(), thr.len());
        assert!(seq.len() > 60_000);
        assert_eq!(seq, thr);
        assert!(seq
            .iter()
            .any(|(_, r)| r.as_ref().is_err_and(|m| m.contains("nesting"))));
        // truncated: the fault is delivered, then reading stops, in both
        let cut = &data[..data.len() / 2];
        let (a, _) = collect(cut, false);
        let (b, _) = collect(cut, true);
        assert_eq!(a, b);
        assert!(a
            .last()
            .unwrap()
            .1
            .as_ref()
            .is_err_and(|m| m.contains("truncated")));
    }

    type Keyed = (Vec<Result<String, String>>, Vec<(String, String)>);

    fn keyed(data: &[u8], key: &str) -> Keyed {
        let mut it = JsonItems::at_key(data, &Limits::default(), key);
        let mut out = Vec::new();
        while let Some(r) = it.next() {
            out.push(
                r.map(|b| String::from_utf8_lossy(b).into_owned())
                    .map_err(|e| e.to_string()),
            );
        }
        let others = it
            .others()
            .iter()
            .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
            .collect();
        (out, others)
    }

    #[test]
    fn keyed_array_inside_a_collection() {
        let (items, others) = keyed(
            br#"{"@context":["https://www.w3.org/ns/activitystreams",{"x":"y"}],"id":"outbox.json","type":"OrderedCollection",
                "totalItems":3,"orderedItems":[{"type":"Create","object":{"content":"<p>a]}</p>"}},"https://x/1",{"type":"Announce"}],"after":true}"#,
            "orderedItems",
        );
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(items[1], Ok("\"https://x/1\"".into()));
        let names: Vec<&str> = others.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["@context", "id", "type", "totalItems", "after"]);
        assert_eq!(others[3].1, "3");
    }

    #[test]
    fn keyed_mode_without_the_key_or_with_a_bare_array() {
        let (items, others) = keyed(
            br#"{"id":"likes.json","type":"OrderedCollection"}"#,
            "orderedItems",
        );
        assert!(items.is_empty());
        assert_eq!(others.len(), 2);
        let (items, others) = keyed(br#"{"orderedItems":null,"a":1}"#, "orderedItems");
        assert!(items.is_empty());
        assert_eq!(others[0], ("orderedItems".to_string(), "null".to_string()));
        let (items, _) = keyed(br#"[{"a":1},{"b":2}]"#, "orderedItems");
        assert_eq!(items.len(), 2);
        let (items, _) = keyed(br#"{"orderedItems":[{"a":1},{"b":"#, "orderedItems");
        assert!(items
            .last()
            .unwrap()
            .as_ref()
            .unwrap_err()
            .contains("truncated"));
    }

    #[test]
    fn damaged_input_always_ends() {
        // every item consumes at least one byte, so a reader always reaches the end
        let base =
            br#"window.x = {"a":[1,{"b":"c\"]}"}],"orderedItems":[{"t":"x"},"s",3,[4]],"z":{}}"#;
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..3_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut d = base.to_vec();
            let i = (x % d.len() as u64) as usize;
            match round % 3 {
                0 => {
                    d.remove(i);
                }
                1 => d[i] = b"{}[],:\"\\ x"[(x >> 8) as usize % 10],
                _ => d.truncate(i),
            }
            for keyed_mode in [false, true] {
                let mut it = if keyed_mode {
                    JsonItems::at_key(&d[..], &Limits::default(), "orderedItems")
                } else {
                    JsonItems::new(&d[..], &Limits::default())
                };
                let mut steps = 0;
                while it.next().is_some() {
                    steps += 1;
                    assert!(
                        steps <= d.len() + 2,
                        "no progress on {:?}",
                        String::from_utf8_lossy(&d)
                    );
                }
            }
        }
    }

    #[test]
    fn invalid_utf8_is_repaired() {
        let mut rep = false;
        let v = parse_value(b"{\"t\":\"a\xff\xfeb\"}", &mut rep).unwrap();
        assert!(rep);
        assert_eq!(v["t"], "a\u{fffd}\u{fffd}b");
    }
}

/// Why an item yielded no value.
#[derive(Debug, Clone)]
pub struct ItemFault {
    /// What was wrong.
    pub message: String,
    /// True when the rest of the file could not be read either.
    pub fatal: bool,
    /// Byte offset in the file where the scanner stopped.
    pub position: u64,
}

fn fault(e: &ItemError, position: u64) -> ItemFault {
    ItemFault {
        message: e.to_string(),
        fatal: !e.recoverable(),
        position,
    }
}

/// Stream the items of a JSON/JS export file into `f` as byte slices (for readers
/// that parse items into their own types). Stops after a fatal fault (delivered to
/// `f` first). Returns the number of items delivered.
pub fn stream_items<E: From<io::Error>>(
    r: &mut dyn Read,
    limits: &Limits,
    mut f: impl FnMut(u64, Result<&[u8], ItemFault>) -> Result<(), E>,
) -> Result<u64, E> {
    let mut items = JsonItems::new(r, limits);
    let mut n = 0u64;
    loop {
        let (bytes, fatal) = match items.next() {
            None => break,
            Some(Ok(b)) => (Ok(b), false),
            Some(Err(ItemError::Io(e))) => return Err(e.into()),
            Some(Err(e)) => {
                let fl = fault(&e, items.position());
                let fatal = fl.fatal;
                (Err(fl), fatal)
            }
        };
        // every item scanned, good or not, has the next index
        let index = n;
        n += 1;
        f(index, bytes)?;
        if fatal {
            break;
        }
    }
    Ok(n)
}

/// Like [`stream_items`], with the reading (decompression included) and the
/// splitting into items on a second thread, so that they overlap with what `f` does.
/// Items cross in batches of about 512 KiB, at most two waiting.
pub fn stream_items_threaded<E: From<io::Error>>(
    r: &mut (dyn Read + Send),
    limits: &Limits,
    mut f: impl FnMut(u64, Result<&[u8], ItemFault>) -> Result<(), E>,
) -> Result<u64, E> {
    type Span = Result<(usize, usize), ItemFault>;
    struct Batch {
        buf: Vec<u8>,
        spans: Vec<Span>,
    }
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(2);
        // emptied batches go back to be filled again: no fresh pages per batch
        let (back_tx, back_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        let reader = std::thread::Builder::new()
            .name("lifeboat-reader".into())
            .spawn_scoped(s, move || -> io::Result<()> {
                let mut items = JsonItems::new(r, limits);
                loop {
                    let mut b = back_rx.try_recv().unwrap_or_else(|_| Batch {
                        buf: Vec::with_capacity(1 << 19),
                        spans: Vec::with_capacity(1024),
                    });
                    b.buf.clear();
                    b.spans.clear();
                    let mut end = false;
                    let mut failed = None;
                    while b.buf.len() < (1 << 19) && b.spans.len() < 4096 {
                        match items.next() {
                            None => {
                                end = true;
                                break;
                            }
                            Some(Ok(bytes)) => {
                                let at = b.buf.len();
                                b.buf.extend_from_slice(bytes);
                                b.spans.push(Ok((at, b.buf.len())));
                            }
                            Some(Err(ItemError::Io(e))) => {
                                failed = Some(e);
                                end = true;
                                break;
                            }
                            Some(Err(e)) => {
                                let fl = fault(&e, items.position());
                                end = fl.fatal;
                                b.spans.push(Err(fl));
                                if end {
                                    break;
                                }
                            }
                        }
                    }
                    if (!b.spans.is_empty() && tx.send(b).is_err()) || end {
                        // the receiver stopped (its error wins), or the file is done
                        return failed.map_or(Ok(()), Err);
                    }
                }
            })
            .map_err(E::from)?;
        let mut n = 0u64;
        for mut b in rx {
            for span in b.spans.drain(..) {
                let index = n;
                n += 1;
                f(index, span.map(|(a, z)| &b.buf[a..z]))?;
            }
            let _ = back_tx.try_send(b);
        }
        match reader.join() {
            Ok(r) => r.map_err(E::from)?,
            Err(_) => return Err(E::from(io::Error::other("the reading thread panicked"))),
        }
        Ok(n)
    })
}

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
enum Utf16Mode {
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
