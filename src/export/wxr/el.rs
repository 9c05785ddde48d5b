//! One WXR element as written, and what a reader keeps of it.

use super::*;

/// One XML element being written, and what the WXR reader keeps of it in `ext`.
pub(super) struct El<'x> {
    pub(super) xml: &'x mut String,
    pub(super) ext: &'x mut Map<String, Value>,
    pub(super) indent: &'static str,
}

impl El<'_> {
    /// `<prefix:name>text</prefix:name>`; `to_ext` when the reader keeps it in `ext`
    /// under its local name (trimmed, unless empty).
    pub(super) fn put(&mut self, qname: &str, text: &str, as_cdata: bool, to_ext: bool) {
        let body = if as_cdata { cdata(text) } else { esc(text) };
        self.xml
            .push_str(&format!("{}<{qname}>{body}</{qname}>\n", self.indent));
        if to_ext {
            let local = qname.rsplit(':').next().unwrap_or(qname);
            let t = crate::export::text::xml_clean(text);
            let t = t.trim();
            if !t.is_empty() {
                self.ext.insert(local.to_string(), json!(t));
            }
        }
    }

    /// An element from a JSON value as the reader stored it (`@attr`, `#text`).
    pub(super) fn put_json(&mut self, qname: &str, v: &Value, to_ext: bool) {
        match v {
            // plain text as text, markup-like text in CDATA (either reads the same)
            Value::String(s) => self.put(qname, s, s.contains(['<', '&', '>']), to_ext),
            Value::Object(m) => {
                let mut attrs = String::new();
                let mut text = String::new();
                for (k, x) in m {
                    let s = match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if let Some(a) = k.strip_prefix('@') {
                        attrs.push_str(&format!(" {a}=\"{}\"", esc(&s)));
                    } else if k == "#text" {
                        text = s;
                    }
                }
                self.xml.push_str(&format!(
                    "{}<{qname}{attrs}>{}</{qname}>\n",
                    self.indent,
                    esc(&text)
                ));
                if to_ext {
                    let local = qname.rsplit(':').next().unwrap_or(qname);
                    let mut j = Map::new();
                    for (k, x) in m {
                        if k.starts_with('@') || k == "#text" {
                            j.insert(k.clone(), x.clone());
                        }
                    }
                    self.ext.insert(local.to_string(), Value::Object(j));
                }
            }
            other => self.put(qname, &other.to_string(), false, to_ext),
        }
    }
}
