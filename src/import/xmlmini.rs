//! A small, forgiving in-memory XML reader for the sheets of an XLSX workbook (LinkedIn
//! Company Page exports; small, zipped parts). Export files are read by the streaming
//! [`crate::read::xml`]:
//! elements, attributes and text, nothing else. A DOCTYPE is skipped
//! whole and no entity is ever defined or expanded beyond the five predefined ones and
//! character references, so entity bombs and external entities do nothing.

use crate::read::text::decode_entities;

/// One element with its attributes, text and child elements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Node {
    /// Element name.
    pub name: String,
    /// Attributes, values decoded, in document order.
    pub attrs: Vec<(String, String)>,
    /// The element's own text (not its children's), decoded.
    pub text: String,
    /// Child elements.
    pub children: Vec<Node>,
}

impl Node {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child with this name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Deepest element nesting read; deeper elements are flattened into their parent.
const MAX_DEPTH: usize = 64;

/// A tag: name, attributes, closing, self-closing; `len` bytes long in the source.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    closing: bool,
    empty: bool,
    len: usize,
}

/// Parse the tag at the start of `s` (which starts with `<`).
fn tag(s: &str) -> Option<Tag> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = s[start..i].to_string();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some(Tag {
                    name,
                    attrs,
                    closing,
                    empty: false,
                    len: i + 1,
                })
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some(Tag {
                    name,
                    attrs,
                    closing,
                    empty: true,
                    len: i + 2,
                })
            }
            _ => {}
        }
        let ks = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == ks {
            i += 1; // a stray character
            continue;
        }
        let key = s[ks..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let q = *q as char;
                    let rest = &s[i + 1..];
                    let end = rest.find(q)?;
                    value = decode_entities(&rest[..end]).into_owned();
                    i += end + 2;
                }
                _ => {
                    let vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&s[vs..i]).into_owned();
                }
            }
        }
        attrs.push((key, value));
    }
}

/// Every element named `name`, in document order, as trees; `f` is called for each
/// (so a big file's elements need not all be held at once).
pub(crate) fn each_element(src: &str, name: &str, mut f: impl FnMut(Node)) {
    let mut stack: Vec<Node> = Vec::new();
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        if !stack.is_empty() {
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&decode_entities(&rest[..lt]));
            }
        }
        rest = &rest[lt..];
        // comments, CDATA, declarations, processing instructions
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map(|i| &r[i + 3..]).unwrap_or("");
            continue;
        }
        if let Some(r) = rest.strip_prefix("<![CDATA[") {
            let end = r.find("]]>").unwrap_or(r.len());
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&r[..end]);
            }
            rest = r.get(end + 3..).unwrap_or("");
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            // a DOCTYPE's internal subset may hold '>' inside brackets
            let end = if rest.starts_with("<!DOCTYPE") && rest.contains('[') {
                rest.find("]>").map(|i| i + 2)
            } else {
                rest.find('>').map(|i| i + 1)
            };
            rest = end.map(|i| &rest[i..]).unwrap_or("");
            continue;
        }
        let Some(t) = tag(rest) else {
            if let Some(top) = stack.last_mut() {
                top.text.push('<');
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[t.len..];
        if t.closing {
            if stack.is_empty() {
                continue;
            }
            // close up to the matching element (forgiving unbalanced markup)
            if !stack.iter().any(|n| n.name == t.name) {
                continue;
            }
            while let Some(n) = stack.pop() {
                let done = n.name == t.name;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(n),
                    None => {
                        f(n);
                        break;
                    }
                }
                if done {
                    break;
                }
            }
            continue;
        }
        let node = Node {
            name: t.name,
            attrs: t.attrs,
            ..Node::default()
        };
        if stack.is_empty() && node.name != name {
            continue; // outside the elements wanted
        }
        if t.empty {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => f(node),
            }
        } else if stack.len() < MAX_DEPTH {
            stack.push(node);
        }
    }
    // an unclosed element at the end of a truncated file
    while let Some(n) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(n),
            None => f(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_with_children_attributes_and_escaped_html() {
        let src = r#"<?xml version="1.0"?>
        <!DOCTYPE x [<!ENTITY a "aaaa">]><tumblr version="1.0"><posts><post id="1" type="regular" slug='a&amp;b'><regular-body>&lt;p&gt;x &amp;amp; y&lt;/p&gt;</regular-body><tag>t1</tag><tag>t2</tag></post><post id="2" type="photo"><photoset><photo offset="o1"><photo-url max-width="1280">u1</photo-url></photo></photoset><!-- c --><x/></post><post id="3"><![CDATA[<b>raw</b>]]>"#;
        let mut posts = Vec::new();
        each_element(src, "post", |n| posts.push(n));
        assert_eq!(posts.len(), 3);
        assert_eq!(posts[0].attr("slug"), Some("a&b"));
        assert_eq!(
            posts[0].child("regular-body").map(|c| c.text.as_str()),
            Some("<p>x &amp; y</p>")
        );
        assert_eq!(posts[0].all("tag").count(), 2);
        let photo = posts[1]
            .child("photoset")
            .and_then(|p| p.child("photo"))
            .and_then(|p| p.child("photo-url"))
            .expect("nested");
        assert_eq!(photo.text, "u1");
        assert!(posts[1].child("x").is_some());
        assert_eq!(posts[2].text, "<b>raw</b>");
    }
}
