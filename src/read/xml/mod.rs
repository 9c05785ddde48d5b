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

mod entry;
mod filter;
mod guard;

pub use entry::{finish_entry, parse_failure};
pub use filter::CharFilter;
use guard::{Lex, TokenGuard};

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

#[cfg(test)]
mod tests;
