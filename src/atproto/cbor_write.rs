//! A DAG-CBOR encoder: the canonical form atproto hashes (RFC 8949 deterministic
//! encoding as DAG-CBOR restricts it): shortest heads, definite lengths, map keys
//! sorted by encoded length then bytes, CID links as tag 42 over `0x00 ‖ CID`, no
//! floats. Values are the reader's own [`Cbor`], so what is written is what
//! lifeboat's reader decodes.

use crate::atproto::cbor::Cbor;
use crate::atproto::cid::Cid;

/// Encode a value. Floats are refused (atproto records hold none); so are integers
/// outside CBOR's range and duplicate map keys.
pub(crate) fn encode(v: &Cbor) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(256);
    write(v, &mut out)?;
    Ok(out)
}

/// The dag-cbor CID of a value and its bytes.
pub(crate) fn block(v: &Cbor) -> Result<(Cid, Vec<u8>), String> {
    let bytes = encode(v)?;
    Ok((Cid::dag_cbor_of(&bytes), bytes))
}

fn head(major: u8, n: u64, out: &mut Vec<u8>) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if n <= 0xff {
        out.extend_from_slice(&[m | 24, n as u8]);
    } else if n <= 0xffff {
        out.push(m | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= 0xffff_ffff {
        out.push(m | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn write(v: &Cbor, out: &mut Vec<u8>) -> Result<(), String> {
    match v {
        Cbor::Null => out.push(0xf6),
        Cbor::Bool(b) => out.push(if *b { 0xf5 } else { 0xf4 }),
        Cbor::Int(i) => {
            if *i >= 0 {
                let n = u64::try_from(*i).map_err(|_| format!("integer {i} is too large"))?;
                head(0, n, out);
            } else {
                let n = u64::try_from(-1 - *i).map_err(|_| format!("integer {i} is too small"))?;
                head(1, n, out);
            }
        }
        Cbor::Float(f) => return Err(format!("float {f} in a record (atproto has none)")),
        Cbor::Bytes(b) => {
            head(2, b.len() as u64, out);
            out.extend_from_slice(b);
        }
        Cbor::Text(s) => {
            head(3, s.len() as u64, out);
            out.extend_from_slice(s.as_bytes());
        }
        Cbor::Array(a) => {
            head(4, a.len() as u64, out);
            for x in a {
                write(x, out)?;
            }
        }
        Cbor::Map(m) => {
            let mut entries: Vec<&(String, Cbor)> = m.iter().collect();
            // canonical order: shorter keys first, then bytewise
            entries.sort_by(|a, b| {
                a.0.len()
                    .cmp(&b.0.len())
                    .then_with(|| a.0.as_bytes().cmp(b.0.as_bytes()))
            });
            if entries.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err("duplicate map key".into());
            }
            head(5, entries.len() as u64, out);
            for (k, x) in entries {
                head(3, k.len() as u64, out);
                out.extend_from_slice(k.as_bytes());
                write(x, out)?;
            }
        }
        Cbor::Link(c) => {
            out.extend_from_slice(&[0xd8, 0x2a]);
            let b = c.as_bytes();
            head(2, b.len() as u64 + 1, out);
            out.push(0);
            out.extend_from_slice(b);
        }
    }
    Ok(())
}

/// A map from `(key, value)` pairs (order does not matter: the encoder sorts).
pub(crate) fn map<const N: usize>(pairs: [(&str, Cbor); N]) -> Cbor {
    Cbor::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A text value.
pub(crate) fn text(s: impl Into<String>) -> Cbor {
    Cbor::Text(s.into())
}

/// An unsigned LEB128 varint.
pub(crate) fn varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atproto::cbor::decode;

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

    #[test]
    fn heads_are_shortest() {
        let cases: [(i128, &[u8]); 8] = [
            (0, &[0x00]),
            (23, &[0x17]),
            (24, &[0x18, 0x18]),
            (255, &[0x18, 0xff]),
            (256, &[0x19, 0x01, 0x00]),
            (65536, &[0x1a, 0, 1, 0, 0]),
            (-1, &[0x20]),
            (-25, &[0x38, 0x18]),
        ];
        for (n, want) in cases {
            assert_eq!(encode(&Cbor::Int(n)).unwrap(), want, "{n}");
        }
        assert!(encode(&Cbor::Float(1.5)).is_err());
    }

    #[test]
    fn maps_sort_by_length_then_bytes() {
        let m = map([
            ("version", Cbor::Int(1)),
            ("b", Cbor::Null),
            ("roots", Cbor::Array(vec![])),
            ("a", Cbor::Bool(true)),
        ]);
        let b = encode(&m).unwrap();
        assert_eq!(
            b,
            [
                &[0xa4, 0x61, b'a', 0xf5, 0x61, b'b', 0xf6, 0x65][..],
                b"roots",
                &[0x80, 0x67],
                b"version",
                &[0x01]
            ]
            .concat()
        );
        assert_eq!(decode(&b, 8).unwrap().get("a"), Some(&Cbor::Bool(true)));
    }

    /// Every interop vector re-encodes to its own bytes and CID: decode, encode again.
    #[test]
    #[cfg_attr(
        not(lifeboat_shared),
        ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
    )]
    fn interop_vectors_re_encode_byte_for_byte() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/reference/bluesky/fixtures/interop-tests/data-model/data-model-fixtures.json",
        );
        let text = std::fs::read_to_string(p).unwrap();
        let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        assert!(!cases.is_empty());
        for c in &cases {
            let bytes = base64_decode(c["cbor_base64"].as_str().unwrap());
            let v = decode(&bytes, 64).unwrap();
            let (cid, again) = block(&v).unwrap();
            assert_eq!(again, bytes, "{}", c["cid"]);
            assert_eq!(cid.to_string(), c["cid"].as_str().unwrap());
        }
    }
}
