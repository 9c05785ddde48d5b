//! A small DAG-CBOR decoder: definite lengths only, text-string map keys, CID links as
//! tag 42. Values are turned into the atproto JSON data model (`{"$link": …}`,
//! `{"$bytes": …}`) because every mapping step downstream works on JSON.
//!
//! The decoder never trusts a length: every length is checked against the bytes left,
//! nesting is bounded, and a malformed block is an `Err(String)`, never a panic.

use serde_json::{Map, Value};

use super::cid::Cid;

/// A decoded DAG-CBOR value.
#[derive(Clone, Debug, PartialEq)]
pub enum Cbor {
    /// `null` (and `undefined`, which DAG-CBOR forbids but old encoders wrote).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer (CBOR's range is −2^64..2^64; i128 holds it all).
    Int(i128),
    /// A float (forbidden in atproto records, accepted when present).
    Float(f64),
    /// A byte string.
    Bytes(Vec<u8>),
    /// A text string.
    Text(String),
    /// An array.
    Array(Vec<Cbor>),
    /// A map with text keys, in encoded order.
    Map(Vec<(String, Cbor)>),
    /// A CID link (tag 42).
    Link(Cid),
}

impl Cbor {
    /// The value under `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Cbor> {
        match self {
            Cbor::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The CID of a link.
    pub fn as_link(&self) -> Option<&Cid> {
        match self {
            Cbor::Link(c) => Some(c),
            _ => None,
        }
    }

    /// The text of a text string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cbor::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The atproto JSON form of the value.
    pub fn to_json(&self) -> Value {
        match self {
            Cbor::Null => Value::Null,
            Cbor::Bool(b) => Value::Bool(*b),
            Cbor::Int(i) => {
                if let Ok(v) = i64::try_from(*i) {
                    Value::from(v)
                } else if let Ok(v) = u64::try_from(*i) {
                    Value::from(v)
                } else {
                    Value::String(i.to_string())
                }
            }
            Cbor::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Cbor::Bytes(b) => {
                let mut m = Map::new();
                m.insert("$bytes".into(), Value::String(base64_nopad(b)));
                Value::Object(m)
            }
            Cbor::Text(s) => Value::String(s.clone()),
            Cbor::Array(a) => Value::Array(a.iter().map(Cbor::to_json).collect()),
            Cbor::Map(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Cbor::Link(c) => {
                let mut m = Map::new();
                m.insert("$link".into(), Value::String(c.to_string()));
                Value::Object(m)
            }
        }
    }
}

/// Standard base64 without padding (the atproto `$bytes` form).
pub fn base64_nopad(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(b.len().div_ceil(3) * 4);
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(c.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(c.get(2).copied().unwrap_or(0));
        let chars = c.len() + 1;
        for i in 0..chars {
            s.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}

/// Decode one complete value; trailing bytes are an error.
pub fn decode(bytes: &[u8], max_depth: usize) -> Result<Cbor, String> {
    let mut d = Decoder {
        b: bytes,
        pos: 0,
        max_depth,
    };
    let v = d.value(0)?;
    if d.pos != bytes.len() {
        return Err(format!(
            "{} trailing byte(s) after the value",
            bytes.len() - d.pos
        ));
    }
    Ok(v)
}

/// Decode the first value of `bytes`; returns it and the number of bytes it used.
pub fn decode_prefix(bytes: &[u8], max_depth: usize) -> Result<(Cbor, usize), String> {
    let mut d = Decoder {
        b: bytes,
        pos: 0,
        max_depth,
    };
    let v = d.value(0)?;
    Ok((v, d.pos))
}

struct Decoder<'a> {
    b: &'a [u8],
    pos: usize,
    max_depth: usize,
}

impl Decoder<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let v = *self
            .b
            .get(self.pos)
            .ok_or_else(|| "unexpected end of CBOR".to_string())?;
        self.pos += 1;
        Ok(v)
    }

    fn take(&mut self, n: u64) -> Result<&[u8], String> {
        let left = (self.b.len() - self.pos) as u64;
        if n > left {
            return Err(format!("CBOR length {n} runs past the end ({left} left)"));
        }
        let start = self.pos;
        self.pos += n as usize;
        Ok(&self.b[start..self.pos])
    }

    /// The argument of a head: the count, length or value.
    fn arg(&mut self, info: u8) -> Result<u64, String> {
        Ok(match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.byte()?),
            25 => {
                let s = self.take(2)?;
                u64::from(u16::from_be_bytes([s[0], s[1]]))
            }
            26 => {
                let s = self.take(4)?;
                u64::from(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            }
            27 => {
                let s = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(s);
                u64::from_be_bytes(a)
            }
            31 => return Err("indefinite-length items are not DAG-CBOR".into()),
            _ => return Err(format!("reserved CBOR additional info {info}")),
        })
    }

    /// A count of items, each needing at least one byte: bounded by the bytes left.
    fn count(&mut self, info: u8, per_item: u64) -> Result<usize, String> {
        let n = self.arg(info)?;
        let left = (self.b.len() - self.pos) as u64;
        if n.saturating_mul(per_item) > left {
            return Err(format!(
                "CBOR count {n} cannot fit in the {left} byte(s) left"
            ));
        }
        Ok(n as usize)
    }

    fn text(&mut self, info: u8) -> Result<String, String> {
        let n = self.arg(info)?;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| "CBOR text string is not UTF-8".to_string())
    }

    fn value(&mut self, depth: usize) -> Result<Cbor, String> {
        if depth > self.max_depth {
            return Err(format!("CBOR nesting deeper than {}", self.max_depth));
        }
        let h = self.byte()?;
        let (major, info) = (h >> 5, h & 0x1f);
        Ok(match major {
            0 => Cbor::Int(i128::from(self.arg(info)?)),
            1 => Cbor::Int(-1 - i128::from(self.arg(info)?)),
            2 => {
                let n = self.arg(info)?;
                Cbor::Bytes(self.take(n)?.to_vec())
            }
            3 => Cbor::Text(self.text(info)?),
            4 => {
                let n = self.count(info, 1)?;
                let mut a = Vec::with_capacity(n);
                for _ in 0..n {
                    a.push(self.value(depth + 1)?);
                }
                Cbor::Array(a)
            }
            5 => {
                let n = self.count(info, 2)?;
                let mut m: Vec<(String, Cbor)> = Vec::with_capacity(n);
                // big maps check duplicates with a set (a linear scan would be
                // quadratic on a hostile block)
                let mut keys: Option<std::collections::HashSet<String>> = None;
                for i in 0..n {
                    let kh = self.byte()?;
                    if kh >> 5 != 3 {
                        return Err("CBOR map key is not a text string".into());
                    }
                    let k = self.text(kh & 0x1f)?;
                    let dup = if i < 16 {
                        m.iter().any(|(e, _)| *e == k)
                    } else {
                        let set =
                            keys.get_or_insert_with(|| m.iter().map(|(e, _)| e.clone()).collect());
                        !set.insert(k.clone())
                    };
                    if dup {
                        return Err(format!("duplicate CBOR map key {k:?}"));
                    }
                    let v = self.value(depth + 1)?;
                    m.push((k, v));
                }
                Cbor::Map(m)
            }
            6 => {
                let tag = self.arg(info)?;
                if tag != 42 {
                    return Err(format!("CBOR tag {tag} is not allowed in DAG-CBOR"));
                }
                let bh = self.byte()?;
                if bh >> 5 != 2 {
                    return Err("CID link (tag 42) is not on a byte string".into());
                }
                let n = self.arg(bh & 0x1f)?;
                let raw = self.take(n)?;
                match raw.split_first() {
                    Some((0, cid)) => Cbor::Link(Cid::from_bytes(cid)?),
                    _ => return Err("CID link lacks its 0x00 multibase prefix".into()),
                }
            }
            7 => match info {
                20 => Cbor::Bool(false),
                21 => Cbor::Bool(true),
                22 | 23 => Cbor::Null,
                25 => {
                    let s = self.take(2)?;
                    Cbor::Float(f16_to_f64(u16::from_be_bytes([s[0], s[1]])))
                }
                26 => {
                    let s = self.take(4)?;
                    Cbor::Float(f64::from(f32::from_be_bytes([s[0], s[1], s[2], s[3]])))
                }
                27 => {
                    let s = self.take(8)?;
                    let mut a = [0u8; 8];
                    a.copy_from_slice(s);
                    Cbor::Float(f64::from_be_bytes(a))
                }
                _ => return Err(format!("unsupported CBOR simple value {info}")),
            },
            _ => return Err(format!("unknown CBOR major type {major}")),
        })
    }
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_containers() {
        assert_eq!(decode(&[0x17], 10).unwrap(), Cbor::Int(23));
        assert_eq!(decode(&[0x18, 0x18], 10).unwrap(), Cbor::Int(24));
        assert_eq!(decode(&[0x20], 10).unwrap(), Cbor::Int(-1));
        assert_eq!(decode(&[0xf6], 10).unwrap(), Cbor::Null);
        assert_eq!(decode(&[0xf5], 10).unwrap(), Cbor::Bool(true));
        assert_eq!(
            decode(&[0x63, b'a', b'b', b'c'], 10).unwrap(),
            Cbor::Text("abc".into())
        );
        let m = decode(&[0xa1, 0x61, b'a', 0x82, 0x01, 0x02], 10).unwrap();
        assert_eq!(
            m.get("a"),
            Some(&Cbor::Array(vec![Cbor::Int(1), Cbor::Int(2)]))
        );
    }

    #[test]
    fn hostile_lengths_are_errors() {
        // a byte string claiming 2^63 bytes
        let e = decode(&[0x5b, 0x80, 0, 0, 0, 0, 0, 0, 0], 10).unwrap_err();
        assert!(e.contains("past the end"), "{e}");
        // an array claiming 2^32 items
        assert!(decode(&[0x9a, 0xff, 0xff, 0xff, 0xff], 10).is_err());
        // indefinite length
        assert!(decode(&[0x9f, 0xff], 10).is_err());
        // deep nesting
        let deep = vec![0x81; 1000];
        assert!(decode(&deep, 50).unwrap_err().contains("deeper"));
        // a non-text map key, a foreign tag, trailing bytes, invalid UTF-8
        assert!(decode(&[0xa1, 0x01, 0x01], 10).is_err());
        assert!(decode(&[0xc1, 0x01], 10).is_err());
        assert!(decode(&[0x01, 0x01], 10).is_err());
        assert!(decode(&[0x62, 0xff, 0xfe], 10).is_err());
        assert!(decode(&[], 10).is_err());
    }

    #[test]
    fn big_maps_and_duplicate_keys() {
        let mut b = vec![0xb9, 0x4e, 0x20]; // a map of 20,000 entries
        for i in 0..20_000u32 {
            let k = format!("k{i:05}");
            b.push(0x66);
            b.extend_from_slice(k.as_bytes());
            b.push(0x01);
        }
        let t = std::time::Instant::now();
        assert!(decode(&b, 10).is_ok());
        assert!(t.elapsed().as_secs() < 5);
        // the same key twice, early and late
        assert!(decode(&[0xa2, 0x61, b'a', 0x01, 0x61, b'a', 0x02], 10).is_err());
        let last = b.len() - 8;
        b[last + 1..last + 7].copy_from_slice(b"k00003");
        assert!(decode(&b, 10).unwrap_err().contains("duplicate"));
    }

    #[test]
    fn base64() {
        assert_eq!(base64_nopad(b""), "");
        assert_eq!(base64_nopad(b"f"), "Zg");
        assert_eq!(base64_nopad(b"fo"), "Zm8");
        assert_eq!(base64_nopad(b"foo"), "Zm9v");
        assert_eq!(base64_nopad(b"foob"), "Zm9vYg");
    }

    fn base64_decode(s: &str) -> Vec<u8> {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        let (mut buf, mut bits) = (0u32, 0u32);
        for c in s.bytes().filter(|&c| c != b'=') {
            let v = A.iter().position(|&a| a == c).unwrap() as u32;
            buf = (buf << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buf >> bits) as u8);
            }
            buf &= (1 << bits) - 1;
        }
        out
    }

    /// The atproto data-model interop vectors: CBOR decodes to the given JSON, and the
    /// block's dag-cbor CID is the given one.
    #[test]
    fn data_model_interop_vectors() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/reference/bluesky/fixtures/interop-tests/data-model/data-model-fixtures.json",
        );
        let Ok(text) = std::fs::read_to_string(p) else {
            eprintln!("interop vectors not found; skipped");
            return;
        };
        let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        assert!(!cases.is_empty());
        for c in &cases {
            let bytes = base64_decode(c["cbor_base64"].as_str().unwrap());
            let v = decode(&bytes, 64).unwrap();
            assert_eq!(v.to_json(), c["json"], "{}", c["cid"]);
            let cid = crate::atproto::cid::Cid::dag_cbor_of(&bytes);
            assert_eq!(cid.to_string(), c["cid"].as_str().unwrap());
        }
    }

    #[test]
    fn floats() {
        assert_eq!(decode(&[0xf9, 0x3c, 0x00], 10).unwrap(), Cbor::Float(1.0));
        assert_eq!(
            decode(&[0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 10).unwrap(),
            Cbor::Float(1.5)
        );
    }
}
