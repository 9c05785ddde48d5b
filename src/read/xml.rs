//! THE XML reader: streaming XML for the blog importers (WordPress WXR, Blogger Atom,
//! Disqus) and, through [`each_element`], the small parts of an XLSX workbook
//! (LinkedIn Company Page exports).
//!
//! - [`CharFilter`] repairs the bytes before the parser sees them: characters XML 1.0
//!   forbids (C0 controls other than tab, LF, CR) are dropped, and bytes that are not
//!   UTF-8 are read as Windows-1252 (the latin1/cp1252 database tables of old blogs).
//!   Multi-byte sequences split across reads are carried over, never cut.
//! - [`XmlReader`] is a pull parser (quick-xml) that hands out one start tag at a time
//!   and, on request, the subtree under it as a small [`Node`] tree: an importer holds
//!   one `<item>`/`<entry>`/`<post>` at a time, never the whole document.
//! - Entities: only the five XML entities and character references are decoded. A
//!   reference to any other entity (one declared in a DOCTYPE, an external entity, an
//!   HTML entity outside CDATA) is kept as literal text and counted; nothing is ever
//!   expanded or fetched, so external entities and "billion laughs" are inert.

use std::io::{self, BufReader, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::text::cp1252;
use crate::error::{Error, Tripwire};
use crate::model::Kind;
use crate::report::Report;

/// True for the bytes XML 1.0 forbids everywhere (C0 controls except tab, LF, CR).
fn forbidden(b: u8) -> bool {
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

/// The namespaces the blog importers look at, told apart by URI. The scheme is not
/// part of the match: WordPress.com and the theme unit test data declare
/// `https://wordpress.org/export/1.2/`, and any generator may write `https://` for the
/// others; a trailing slash is optional too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// No namespace.
    None,
    /// WordPress `wp:` (`http(s)://wordpress.org/export/1.x/`).
    Wp,
    /// WordPress `excerpt:` (`http(s)://wordpress.org/export/1.x/excerpt/`).
    Excerpt,
    /// `content:` (`http://purl.org/rss/1.0/modules/content/`).
    Content,
    /// Dublin Core `dc:` (`http://purl.org/dc/elements/1.1/`).
    Dc,
    /// `wfw:` (`http://wellformedweb.org/CommentAPI/`).
    Wfw,
    /// Media RSS `media:` (`http://search.yahoo.com/mrss/`).
    Media,
    /// Atom (`http://www.w3.org/2005/Atom`).
    Atom,
    /// Blogger 2018 (`http://schemas.google.com/blogger/2018`).
    Blogger,
    /// Atom threading (`http://purl.org/syndication/thread/1.0`).
    Thr,
    /// Atom publishing: the draft namespace Blogger used (`http://purl.org/atom/app#`)
    /// and RFC 5023's (`http://www.w3.org/2007/app`).
    App,
    /// Disqus (`http://disqus.com`).
    Disqus,
    /// lifeboat's own (`tag:lifeboat.archive,2026:wxr`): the record ids a WXR file
    /// written by lifeboat carries where WXR has no field for them.
    Lifeboat,
    /// A prefix no `xmlns` declaration binds (`<app:draft>` without
    /// `xmlns:app`): the element's local name is kept, its namespace is unknown.
    Unbound,
    /// Any other namespace.
    Other,
}

/// The namespace of lifeboat's own elements in a WXR file.
pub const LIFEBOAT_NS: &str = "tag:lifeboat.archive,2026:wxr";
const LIFEBOAT_NS_BYTES: &[u8] = LIFEBOAT_NS.as_bytes();

impl Ns {
    /// The namespace of a URI, whatever its scheme (`http`, `https`) and trailing
    /// slash.
    pub fn of(uri: &[u8]) -> Ns {
        let u = uri.strip_suffix(b"/").unwrap_or(uri);
        let u = u
            .strip_prefix(b"https://")
            .or_else(|| u.strip_prefix(b"http://"))
            .unwrap_or(u);
        if let Some(rest) = u.strip_prefix(b"wordpress.org/export/") {
            return if rest.ends_with(b"/excerpt") {
                Ns::Excerpt
            } else {
                Ns::Wp
            };
        }
        match u {
            b"purl.org/rss/1.0/modules/content" => Ns::Content,
            b"purl.org/dc/elements/1.1" => Ns::Dc,
            b"wellformedweb.org/CommentAPI" => Ns::Wfw,
            b"search.yahoo.com/mrss" => Ns::Media,
            b"www.w3.org/2005/Atom" => Ns::Atom,
            b"schemas.google.com/blogger/2018" => Ns::Blogger,
            b"purl.org/syndication/thread/1.0" => Ns::Thr,
            b"purl.org/atom/app#" | b"www.w3.org/2007/app" => Ns::App,
            b"disqus.com" => Ns::Disqus,
            LIFEBOAT_NS_BYTES => Ns::Lifeboat,
            _ => Ns::Other,
        }
    }
}

/// One element and what is under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Namespace.
    pub ns: Ns,
    /// Local name (without prefix).
    pub name: String,
    /// Attributes by local name, values decoded.
    pub attrs: Vec<(String, String)>,
    /// Text directly inside (text and CDATA joined), not trimmed.
    pub text: String,
    /// Child elements.
    pub children: Vec<Node>,
}

impl Node {
    /// The first child with this local name (any namespace).
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    /// The first child with this namespace and local name.
    pub fn child_ns(&self, ns: Ns, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.ns == ns && c.name == name)
    }
    /// Every child with this local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// The trimmed text of a child (any namespace), `None` when absent or blank.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        let t = self.child(name)?.text.trim();
        (!t.is_empty()).then_some(t)
    }
    /// The trimmed text of a child in namespace `ns`, `None` when absent or blank.
    pub fn text_ns(&self, ns: Ns, name: &str) -> Option<&str> {
        let t = self.child_ns(ns, name)?.text.trim();
        (!t.is_empty()).then_some(t)
    }
    /// The subtree as JSON (for `ext` and records kept raw): attributes as `@name`,
    /// text as `#text`, children by name (arrays when repeated).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value};
        if self.children.is_empty() && self.attrs.is_empty() {
            return Value::String(self.text.trim().to_string());
        }
        let mut m = Map::new();
        for (k, v) in &self.attrs {
            m.insert(format!("@{k}"), Value::String(v.clone()));
        }
        let t = self.text.trim();
        if !t.is_empty() {
            m.insert("#text".into(), Value::String(t.to_string()));
        }
        for c in &self.children {
            let v = c.to_json();
            let key = match c.ns {
                Ns::Content => format!("content:{}", c.name),
                Ns::Excerpt => format!("excerpt:{}", c.name),
                _ => c.name.clone(),
            };
            match m.get_mut(&key) {
                Some(Value::Array(a)) => a.push(v),
                Some(old) => {
                    let prev = old.take();
                    *old = Value::Array(vec![prev, v]);
                }
                None => {
                    m.insert(key, v);
                }
            }
        }
        Value::Object(m)
    }
}

/// A start tag met while streaming.
#[derive(Clone, Debug)]
pub struct Open {
    /// The element, without children yet.
    pub node: Node,
    /// Depth: 0 for the root element.
    pub depth: usize,
    /// True for an empty element (`<x/>`): there is nothing to collect.
    pub empty: bool,
}

/// Elements deeper than this under a collected node are flattened into it (their text
/// is kept, their structure is not): hostile nesting cannot exhaust memory or stack.
const MAX_TREE_DEPTH: usize = 48;

/// Documents nested deeper than this are refused (the rest of the entry is reported
/// as not read): no real export comes near it, and quick-xml's namespace resolver
/// counts nesting levels in a 16-bit integer.
pub const MAX_DOC_DEPTH: usize = 4096;

/// A parse failure: the document is not well-formed from `position` on.
#[derive(Debug)]
pub enum XmlError {
    /// Malformed XML (message, byte offset in the repaired stream).
    Syntax(String, u64),
    /// Reading failed (I/O, a limit, an interrupt).
    Fatal(Error),
}

/// Largest XML token (a text run, a CDATA section, a comment, a tag with its
/// attributes) and largest collected element (all its text and attributes) read, in
/// bytes. The parser holds a whole token in memory and the importers copy it a few
/// times, so this stays well below what a dump could hold: a 500 MB `content:encoded`
/// is an error naming this limit, not 3 GB of memory.
pub const MAX_TOKEN_BYTES: u64 = 32 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
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
struct TokenGuard<R> {
    inner: R,
    state: Lex,
    run: u64,
    head: Vec<u8>,
    max: u64,
    name: String,
}

impl<R: Read> TokenGuard<R> {
    fn step(&mut self, b: u8) -> bool {
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

/// A pull parser over one entry.
pub struct XmlReader<R: Read> {
    reader: NsReader<BufReader<TokenGuard<CharFilter<R>>>>,
    buf: Vec<u8>,
    depth: usize,
    name: String,
    /// References to entities other than the five of XML, kept as text.
    pub unexpanded: u64,
    /// A DOCTYPE was seen (and ignored).
    pub doctype: bool,
    max: u64,
}

impl<R: Read> XmlReader<R> {
    /// Start reading `r` (the entry called `name`).
    pub fn new(r: R, name: &str) -> Self {
        let guard = TokenGuard {
            inner: CharFilter::new(r),
            state: Lex::Text,
            run: 0,
            head: Vec::with_capacity(8),
            max: MAX_TOKEN_BYTES,
            name: name.to_string(),
        };
        let mut reader = NsReader::from_reader(BufReader::with_capacity(64 * 1024, guard));
        let cfg = reader.config_mut();
        cfg.trim_text(false);
        cfg.expand_empty_elements = false;
        XmlReader {
            reader,
            buf: Vec::with_capacity(8 * 1024),
            depth: 0,
            name: name.to_string(),
            unexpanded: 0,
            doctype: false,
            max: MAX_TOKEN_BYTES,
        }
    }

    /// Hold no XML token or collected element larger than `max` bytes (see
    /// [`MAX_TOKEN_BYTES`], the default): a larger one stops the read with a limit error.
    pub fn limit(mut self, max: u64) -> Self {
        self.reader.get_mut().get_mut().max = max;
        self.max = max;
        self
    }

    /// Forbidden characters dropped and bytes re-read as Windows-1252 so far.
    pub fn repairs(&self) -> (u64, u64) {
        let f = &self.reader.get_ref().get_ref().inner;
        (f.dropped, f.recoded)
    }

    /// Byte offset in the repaired stream.
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn error(&self, e: quick_xml::Error) -> XmlError {
        if let quick_xml::Error::Io(io) = &e {
            if let Some(t) = Tripwire::find(io) {
                return XmlError::Fatal(t.clone().into_error());
            }
            return XmlError::Fatal(Error::io(
                self.name.as_str(),
                io::Error::new(io.kind(), io.to_string()),
            ));
        }
        XmlError::Syntax(e.to_string(), self.reader.error_position())
    }
}

fn node_of(ns: ResolveResult, e: &BytesStart) -> Node {
    let ns = match ns {
        ResolveResult::Bound(n) => Ns::of(n.as_ref()),
        ResolveResult::Unknown(_) => Ns::Unbound,
        ResolveResult::Unbound => Ns::None,
    };
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.as_namespace_binding().is_some() {
            continue; // xmlns declarations are not data
        }
        let key = a.key.local_name();
        let k = String::from_utf8_lossy(key.as_ref()).into_owned();
        let raw = String::from_utf8_lossy(&a.value);
        attrs.push((k, unescape_xml(&raw).0));
    }
    Node {
        ns,
        name,
        attrs,
        text: String::new(),
        children: Vec::new(),
    }
}

impl<R: Read> XmlReader<R> {
    fn check_depth(&self) -> Result<(), XmlError> {
        if self.depth > MAX_DOC_DEPTH {
            return Err(XmlError::Syntax(
                format!("elements nested deeper than {MAX_DOC_DEPTH} levels"),
                self.position(),
            ));
        }
        Ok(())
    }

    /// The next start tag (text, comments and end tags in between are passed over), or
    /// `None` at the end of the document.
    pub fn next_open(&mut self) -> Result<Option<Open>, XmlError> {
        loop {
            self.buf.clear();
            let (ns, ev) = match self.reader.read_resolved_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(e) => return Err(self.error(e)),
            };
            match ev {
                Event::Start(e) => {
                    let node = node_of(ns, &e);
                    let depth = self.depth;
                    self.depth += 1;
                    self.check_depth()?;
                    return Ok(Some(Open {
                        node,
                        depth,
                        empty: false,
                    }));
                }
                Event::Empty(e) => {
                    let node = node_of(ns, &e);
                    return Ok(Some(Open {
                        node,
                        depth: self.depth,
                        empty: true,
                    }));
                }
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                Event::DocType(_) => self.doctype = true,
                Event::GeneralRef(r) if !r.is_char_ref() && !is_predefined(&r) => {
                    self.unexpanded += 1;
                }
                Event::Eof => return Ok(None),
                _ => {}
            }
        }
    }

    /// Read the children and text of `open` (just returned by [`next_open`]) up to its
    /// end tag.
    ///
    /// [`next_open`]: Self::next_open
    pub fn collect(&mut self, open: Open) -> Result<Node, XmlError> {
        let mut root = open.node;
        if open.empty {
            return Ok(root);
        }
        // the open elements below `root`; beyond MAX_TREE_DEPTH only counted
        let mut stack: Vec<Node> = Vec::new();
        let mut flat = 0usize;
        // all the text and attributes collected, against the same limit as one token
        let mut held = 0u64;
        loop {
            self.buf.clear();
            let (ns, ev) = match self.reader.read_resolved_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(e) => return Err(self.error(e)),
            };
            held += match &ev {
                Event::Start(e) | Event::Empty(e) => e.len() as u64,
                Event::Text(t) => t.len() as u64,
                Event::CData(t) => t.len() as u64,
                _ => 0,
            };
            if held > self.max {
                return Err(XmlError::Fatal(Error::Limit {
                    what: "size of one XML element's text and attributes (field-bytes)",
                    limit: self.max,
                    path: self.name.clone(),
                }));
            }
            match ev {
                Event::Start(e) => {
                    if stack.len() < MAX_TREE_DEPTH {
                        let n = node_of(ns, &e);
                        stack.push(n);
                    } else {
                        flat += 1;
                    }
                    self.depth += 1;
                    self.check_depth()?;
                }
                Event::Empty(e) if stack.len() < MAX_TREE_DEPTH => {
                    let n = node_of(ns, &e);
                    stack.last_mut().unwrap_or(&mut root).children.push(n);
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    if flat > 0 {
                        flat -= 1;
                    } else if let Some(n) = stack.pop() {
                        stack.last_mut().unwrap_or(&mut root).children.push(n);
                    } else {
                        return Ok(root);
                    }
                }
                Event::Text(t) => {
                    let cur = stack.last_mut().unwrap_or(&mut root);
                    push_normalized(&mut cur.text, &String::from_utf8_lossy(&t));
                }
                Event::CData(t) => {
                    let cur = stack.last_mut().unwrap_or(&mut root);
                    push_normalized(&mut cur.text, &String::from_utf8_lossy(&t));
                }
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let whole = format!("&{name};");
                    let (s, unknown) = unescape_xml(&whole);
                    self.unexpanded += unknown;
                    stack.last_mut().unwrap_or(&mut root).text.push_str(&s);
                }
                Event::DocType(_) => self.doctype = true,
                Event::Eof => {
                    return Err(XmlError::Syntax(
                        format!("the document ends inside <{}>", root.name),
                        self.position(),
                    ))
                }
                _ => {}
            }
        }
    }
}

/// Append text with XML's line-end normalisation (CR LF and lone CR become LF).
fn push_normalized(out: &mut String, s: &str) {
    if s.contains('\r') {
        out.push_str(&s.replace("\r\n", "\n").replace('\r', "\n"));
    } else {
        out.push_str(s);
    }
}

fn is_predefined(r: &[u8]) -> bool {
    matches!(r, b"amp" | b"lt" | b"gt" | b"quot" | b"apos")
}

/// Decode the five XML entities and character references; any other `&name;` is kept
/// as it stands. Returns the text and how many references were kept undecoded.
pub fn unescape_xml(s: &str) -> (String, u64) {
    if !s.contains('&') {
        return (s.to_string(), 0);
    }
    let mut out = String::with_capacity(s.len());
    let mut unknown = 0;
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&j| j <= 12);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(h) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = name.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    n.and_then(char::from_u32)
                        .filter(|&c| c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
                }
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                if end.is_some() {
                    unknown += 1;
                }
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    (out, unknown)
}

/// Every element called `name` (local name, any namespace) of a document, in document
/// order, each handed to `f` as a tree: only one is held at a time. Elements named
/// `name` inside another one are part of its tree. An error ends the read; the
/// elements handed out before it stand.
pub fn each_element<R: Read>(
    r: R,
    entry: &str,
    name: &str,
    mut f: impl FnMut(Node),
) -> Result<(), XmlError> {
    let mut x = XmlReader::new(r, entry);
    while let Some(open) = x.next_open()? {
        if open.node.name == name {
            f(x.collect(open)?);
        }
    }
    Ok(())
}

/// The local name of the root element of a document prefix (for detection), skipping
/// the XML declaration, processing instructions, comments and a DOCTYPE.
pub fn root_name(prefix: &[u8]) -> Option<String> {
    let mut r = quick_xml::Reader::from_reader(BufReader::new(CharFilter::new(prefix)));
    let mut buf = Vec::new();
    for _ in 0..256 {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                return Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    None
}

/// Everything a blog importer needs from a parse failure: stops reading the entry and
/// reports what was lost, or passes a fatal error on.
pub fn syntax_or_fatal(e: XmlError) -> crate::error::Result<(String, u64)> {
    match e {
        XmlError::Syntax(m, p) => Ok((m, p)),
        XmlError::Fatal(e) => Err(e),
    }
}

/// After an entry: count the characters the filter repaired, and say what a DOCTYPE
/// or undeclared entities were left as.
pub fn finish_entry<R: Read>(r: &XmlReader<R>, entry: &str, report: &mut Report) {
    let (dropped, recoded) = r.repairs();
    if dropped > 0 {
        *report
            .repairs
            .entry("invalid_xml_chars".into())
            .or_default() += dropped;
        report.warn(format!(
            "{entry}: {dropped} characters that XML forbids (control characters) were removed"
        ));
    }
    if recoded > 0 {
        *report.repairs.entry("encoding".into()).or_default() += recoded;
        report.warn(format!(
            "{entry}: {recoded} bytes were not UTF-8 and were read as Windows-1252"
        ));
    }
    if r.doctype {
        report.warn(format!(
            "{entry}: its DOCTYPE was ignored (entities it declares are never expanded)"
        ));
    }
    if r.unexpanded > 0 {
        report.warn(format!(
            "{entry}: {} references to undeclared or DOCTYPE-declared entities were kept as text, not expanded",
            r.unexpanded
        ));
    }
}

/// A parse failure: the rest of the entry is lost. It is reported as one skipped
/// record at the place it happened; I/O errors, limits and interrupts are passed on.
pub fn parse_failure(
    e: XmlError,
    kind: Kind,
    entry: &str,
    report: &mut Report,
) -> crate::error::Result<()> {
    let (msg, pos) = syntax_or_fatal(e)?;
    report.unreadable(entry, pos, msg.clone());
    report.skipped(
        kind,
        format!("the XML is not well-formed ({msg}); the rest of the entry could not be read"),
        format!("{entry}@{pos}"),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `n` bytes per call.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn filter(input: &[u8], chunk: usize) -> (String, u64, u64) {
        let mut f = CharFilter::new(Trickle(input, chunk));
        let mut out = Vec::new();
        f.read_to_end(&mut out).unwrap();
        (String::from_utf8(out).unwrap(), f.dropped, f.recoded)
    }

    #[test]
    fn a_token_larger_than_the_limit_stops_the_read() {
        let read_all = |doc: &str, max: u64| -> Result<u64, String> {
            let mut r = XmlReader::new(doc.as_bytes(), "t.xml").limit(max);
            let mut n = 0;
            loop {
                match r.next_open() {
                    Ok(Some(o)) => {
                        if o.depth == 1 {
                            r.collect(o).map_err(|e| format!("{e:?}"))?;
                        }
                        n += 1;
                    }
                    Ok(None) => return Ok(n),
                    Err(e) => return Err(format!("{e:?}")),
                }
            }
        };
        let body = "<p>x</p>".repeat(100);
        // a CDATA section full of markup is one token
        let cdata = format!("<r><i><![CDATA[{body}]]></i></r>");
        assert!(read_all(&cdata, 500).unwrap_err().contains("field-bytes"));
        assert!(read_all(&cdata, 5000).is_ok());
        // an attribute value may hold '>' inside its quotes
        let attr = format!("<r><i a=\"{}\"/></r>", "x>".repeat(400));
        assert!(read_all(&attr, 500).unwrap_err().contains("field-bytes"));
        // many small tokens are fine, but an element holding more than the limit is not
        let many = format!("<r><i>{}</i></r>", "<b>yy</b>".repeat(200));
        assert!(read_all(&many, 100).unwrap_err().contains("field-bytes"));
        assert!(read_all(&many, 10_000).is_ok());
        let flat = format!("<r>{}</r>", "<i>yy</i>".repeat(200));
        assert_eq!(read_all(&flat, 100), Ok(201));
    }

    #[test]
    fn drops_forbidden_controls_keeps_whitespace() {
        let (s, d, r) = filter(b"a\x00b\x0bc\x0cd\x1be\tf\ng\rh", 1024);
        assert_eq!(s, "abcde\tf\ng\rh");
        assert_eq!((d, r), (4, 0));
    }

    #[test]
    fn multibyte_sequences_survive_every_buffer_boundary() {
        let text = "Grüße 日本語 🎉\x0b end".as_bytes();
        for chunk in 1..8 {
            let (s, d, r) = filter(text, chunk);
            assert_eq!(s, "Grüße 日本語 🎉 end", "chunk {chunk}");
            assert_eq!((d, r), (1, 0), "chunk {chunk}");
        }
    }

    #[test]
    fn invalid_utf8_is_read_as_cp1252() {
        for chunk in 1..5 {
            let (s, d, r) = filter(b"it\x92s caf\xe9 \xe2\x82", chunk);
            // a truncated sequence at the very end is recoded byte by byte
            assert_eq!(s, "it\u{2019}s café â\u{201a}", "chunk {chunk}");
            assert_eq!((d, r), (0, 4));
        }
    }

    #[test]
    fn unknown_entities_stay_literal() {
        assert_eq!(
            unescape_xml("a &amp; &#233; &#x41; &l9; &xxe; & b"),
            ("a & é A &l9; &xxe; & b".to_string(), 2)
        );
    }

    #[test]
    fn collect_reads_one_subtree_and_keeps_entities_inert() {
        let doc = br#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&l1; &amp; x</title>
<wp:post_id>7</wp:post_id><c><![CDATA[a]]]]><![CDATA[>b]]></c></item></channel></rss>"#;
        let mut r = XmlReader::new(&doc[..], "t.xml");
        let mut item = None;
        while let Some(o) = r.next_open().unwrap() {
            if o.node.name == "item" {
                item = Some(r.collect(o).unwrap());
            }
        }
        let item = item.unwrap();
        assert!(r.doctype);
        assert_eq!(item.text_of("title"), Some("&l1; & x"));
        assert_eq!(item.text_ns(Ns::Wp, "post_id"), Some("7"));
        assert_eq!(item.text_of("c"), Some("a]]>b"));
        assert_eq!(r.unexpanded, 1);
    }

    #[test]
    fn namespaces_of_every_wxr_version() {
        for v in ["1.0", "1.1", "1.2"] {
            let wp = format!("http://wordpress.org/export/{v}/");
            assert_eq!(Ns::of(wp.as_bytes()), Ns::Wp);
            assert_eq!(Ns::of(format!("{wp}excerpt/").as_bytes()), Ns::Excerpt);
        }
        assert_eq!(Ns::of(b"http://disqus.com"), Ns::Disqus);
        assert_eq!(Ns::of(b"http://example.org/x"), Ns::Other);
    }

    #[test]
    fn namespaces_match_whatever_the_scheme() {
        // WordPress.com and the theme unit test data write https:// namespaces
        for (uri, ns) in [
            ("wordpress.org/export/1.2/", Ns::Wp),
            ("wordpress.org/export/1.2/excerpt/", Ns::Excerpt),
            ("wordpress.org/export/1.0", Ns::Wp),
            ("purl.org/rss/1.0/modules/content/", Ns::Content),
            ("purl.org/dc/elements/1.1/", Ns::Dc),
            ("wellformedweb.org/CommentAPI/", Ns::Wfw),
            ("search.yahoo.com/mrss/", Ns::Media),
            ("www.w3.org/2005/Atom", Ns::Atom),
            ("schemas.google.com/blogger/2018", Ns::Blogger),
            ("purl.org/syndication/thread/1.0", Ns::Thr),
            ("purl.org/atom/app#", Ns::App),
            ("www.w3.org/2007/app", Ns::App),
            ("disqus.com", Ns::Disqus),
            ("disqus.com/disqus-internals", Ns::Other),
        ] {
            for scheme in ["http://", "https://"] {
                let full = format!("{scheme}{uri}");
                assert_eq!(Ns::of(full.as_bytes()), ns, "{full}");
            }
        }
    }

    #[test]
    fn an_unbound_prefix_is_told_apart_from_no_namespace() {
        let doc = b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><app:control><app:draft>yes</app:draft></app:control><title>t</title></entry></feed>";
        let mut r = XmlReader::new(&doc[..], "t.xml");
        let mut entry = None;
        while let Some(o) = r.next_open().unwrap() {
            if o.node.name == "entry" {
                entry = Some(r.collect(o).unwrap());
            }
        }
        let e = entry.unwrap();
        let c = e.child("control").unwrap();
        assert_eq!(c.ns, Ns::Unbound);
        assert_eq!(c.child("draft").unwrap().ns, Ns::Unbound);
        assert_eq!(e.child("title").unwrap().ns, Ns::Atom);
    }

    #[test]
    fn undefined_cp1252_bytes_and_controls_inside_text() {
        let (s, d, r) = filter(b"\x81x\x00\xc3\xa9", 2);
        assert_eq!(s, "\u{81}x\u{e9}");
        assert_eq!((d, r), (1, 1));
    }

    #[test]
    fn root_name_skips_prolog() {
        assert_eq!(
            root_name(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><feed xmlns='x'><id>"),
            Some("feed".into())
        );
        assert_eq!(root_name(b"not xml at all"), None);
    }

    #[test]
    fn each_element_hands_out_trees_and_keeps_what_came_before_a_break() {
        let src = br#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>One &amp; two</t></si><si><r><t xml:space="preserve">a </t></r><r><t>b</t></r></si><x r:id="rId1"/><si><t><![CDATA[<b>raw</b>]]></t></si><si><t>cut"#;
        let mut got = Vec::new();
        let r = each_element(&src[..], "sharedStrings.xml", "si", |n| got.push(n));
        assert!(matches!(r, Err(XmlError::Syntax(..))), "{r:?}");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].text_of("t"), Some("One & two"));
        let runs: Vec<&str> = got[1]
            .all("r")
            .filter_map(|r| r.child("t"))
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(runs, ["a ", "b"]);
        assert_eq!(got[2].text_of("t"), Some("<b>raw</b>"));
    }
}
