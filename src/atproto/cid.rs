//! CIDs (content identifiers) and the unsigned LEB128 varints they are made of.
//!
//! Only CIDv1 is read (`0x01`, codec varint, multihash); the text form is multibase
//! `b` (base32, lower case, no padding): `bafyrei…` for dag-cbor, `bafkrei…` for raw.

use std::fmt;
use std::io::Read;

use sha2::{Digest, Sha256};

/// Multicodec of DAG-CBOR blocks (commits, MST nodes, records).
pub const DAG_CBOR: u64 = 0x71;
/// Multicodec of raw blocks (blobs).
pub const RAW: u64 = 0x55;
/// Multihash code of SHA-256.
pub const SHA2_256: u64 = 0x12;

/// Longest varint accepted (a u64 needs at most 10 bytes).
const MAX_VARINT: usize = 10;
/// Longest digest accepted in a CID.
const MAX_DIGEST: u64 = 64;

/// A binary CIDv1.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cid {
    bytes: Vec<u8>,
    codec: u64,
    hash: u64,
    digest_at: usize,
}

impl fmt::Debug for Cid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cid({self})")
    }
}

impl fmt::Display for Cid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("b")?;
        f.write_str(&base32_lower(&self.bytes))
    }
}

/// Read one unsigned LEB128 varint from a byte slice; returns it and its length.
pub fn varint(b: &[u8]) -> Result<(u64, usize), String> {
    let mut v = 0u64;
    for (i, &byte) in b.iter().enumerate().take(MAX_VARINT) {
        let part = u64::from(byte & 0x7f);
        if i == 9 && part > 1 {
            return Err("varint overflows 64 bits".into());
        }
        v |= part << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((v, i + 1));
        }
    }
    if b.len() < MAX_VARINT {
        Err("truncated varint".into())
    } else {
        Err("varint longer than 10 bytes".into())
    }
}

/// Read one unsigned LEB128 varint from a stream. `Ok(None)` at a clean end of stream
/// (no byte at all); a varint cut short is an error.
pub fn read_varint(r: &mut dyn Read, into: &mut Vec<u8>) -> std::io::Result<Option<u64>> {
    let mut v = 0u64;
    for i in 0..MAX_VARINT {
        let mut b = [0u8; 1];
        let n = loop {
            match r.read(&mut b) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if n == 0 {
            if i == 0 {
                return Ok(None);
            }
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "truncated varint",
            ));
        }
        into.push(b[0]);
        let part = u64::from(b[0] & 0x7f);
        if i == 9 && part > 1 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "varint overflows 64 bits",
            ));
        }
        v |= part << (7 * i);
        if b[0] & 0x80 == 0 {
            return Ok(Some(v));
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "varint longer than 10 bytes",
    ))
}

impl Cid {
    /// Parse a binary CIDv1 that fills `b` exactly.
    pub fn from_bytes(b: &[u8]) -> Result<Cid, String> {
        let (cid, used) = Cid::read_prefix(b)?;
        if used != b.len() {
            return Err("trailing bytes after a CID".into());
        }
        Ok(cid)
    }

    /// Parse the binary CIDv1 at the start of `b`; returns it and its length.
    pub fn read_prefix(b: &[u8]) -> Result<(Cid, usize), String> {
        if b.first() == Some(&0x12) && b.get(1) == Some(&0x20) {
            return Err("CIDv0 is not used in atproto repositories".into());
        }
        let (version, mut pos) = varint(b)?;
        if version != 1 {
            return Err(format!("unsupported CID version {version}"));
        }
        let (codec, n) = varint(&b[pos..])?;
        pos += n;
        let (hash, n) = varint(&b[pos..])?;
        pos += n;
        let (len, n) = varint(&b[pos..])?;
        pos += n;
        if len > MAX_DIGEST {
            return Err(format!("CID digest length {len} is too long"));
        }
        let digest_at = pos;
        let end = pos + len as usize;
        if end > b.len() {
            return Err("truncated CID digest".into());
        }
        Ok((
            Cid {
                bytes: b[..end].to_vec(),
                codec,
                hash,
                digest_at,
            },
            end,
        ))
    }

    /// Parse the text form (`bafyrei…`).
    pub fn parse(s: &str) -> Result<Cid, String> {
        let rest = s
            .strip_prefix('b')
            .ok_or_else(|| format!("CID {s:?} is not multibase base32 ('b')"))?;
        let bytes = base32_decode(rest).ok_or_else(|| format!("CID {s:?} is not base32"))?;
        Cid::from_bytes(&bytes)
    }

    /// The binary form.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A 64-bit hash of the binary form: a compact map key for block indexes. Two
    /// CIDs may share it, so whatever is found under it must be checked against the
    /// CID itself (block readers re-verify the bytes).
    pub fn key64(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        self.bytes.hash(&mut h);
        h.finish()
    }

    /// The content codec (`0x71` dag-cbor, `0x55` raw).
    pub fn codec(&self) -> u64 {
        self.codec
    }

    /// The multihash digest.
    pub fn digest(&self) -> &[u8] {
        &self.bytes[self.digest_at..]
    }

    /// Whether `data` hashes to this CID. `None` when the hash function is not one
    /// lifeboat can check (anything but SHA-256).
    pub fn verify(&self, data: &[u8]) -> Option<bool> {
        (self.hash == SHA2_256).then(|| Sha256::digest(data).as_slice() == self.digest())
    }

    /// Whether a SHA-256 given as lowercase hex is this CID's digest (for blobs that
    /// were hashed while stored). `None` when the CID is not SHA-256.
    pub fn matches_sha256_hex(&self, hex: &str) -> Option<bool> {
        if self.hash != SHA2_256 {
            return None;
        }
        let mine: String = self.digest().iter().map(|b| format!("{b:02x}")).collect();
        Some(mine.eq_ignore_ascii_case(hex))
    }

    /// A SHA-256 dag-cbor CIDv1 of `data` (what a repository uses for its blocks).
    pub fn dag_cbor_of(data: &[u8]) -> Cid {
        let mut b = vec![0x01, DAG_CBOR as u8, SHA2_256 as u8, 0x20];
        b.extend_from_slice(&Sha256::digest(data));
        Cid {
            bytes: b,
            codec: DAG_CBOR,
            hash: SHA2_256,
            digest_at: 4,
        }
    }
}

const B32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// RFC 4648 base32, lower case, without padding.
pub fn base32_lower(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 8 / 5 + 1);
    let mut buf = 0u32;
    let mut bits = 0u32;
    for &byte in b {
        buf = (buf << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            s.push(B32[((buf >> bits) & 31) as usize] as char);
        }
        buf &= (1 << bits) - 1;
    }
    if bits > 0 {
        s.push(B32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    s
}

/// Decode unpadded base32 (either case).
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let mut buf = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c.to_ascii_lowercase() {
            c @ b'a'..=b'z' => c - b'a',
            c @ b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        buf = (buf << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
        buf &= (1 << bits) - 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        assert_eq!(varint(&[0x00]).unwrap(), (0, 1));
        assert_eq!(varint(&[0x7f]).unwrap(), (127, 1));
        assert_eq!(varint(&[0x80, 0x01]).unwrap(), (128, 2));
        assert_eq!(varint(&[0xac, 0x02]).unwrap(), (300, 2));
        assert!(varint(&[0x80]).is_err());
        assert!(varint(&[0xff; 11]).is_err());
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(varint(&max).unwrap(), (u64::MAX, 10));
        let over = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert!(varint(&over).is_err());
        let mut seen = Vec::new();
        let mut r: &[u8] = &[0xac, 0x02, 0x05];
        assert_eq!(read_varint(&mut r, &mut seen).unwrap(), Some(300));
        assert_eq!(read_varint(&mut r, &mut seen).unwrap(), Some(5));
        assert_eq!(read_varint(&mut r, &mut seen).unwrap(), None);
        let mut cut: &[u8] = &[0x80];
        assert!(read_varint(&mut cut, &mut seen).is_err());
    }

    #[test]
    fn text_form_round_trips() {
        let s = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
        let c = Cid::parse(s).unwrap();
        assert_eq!(c.to_string(), s);
        assert_eq!(c.codec(), DAG_CBOR);
        assert_eq!(c.digest().len(), 32);
        let raw =
            Cid::parse("bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity").unwrap();
        assert_eq!(raw.codec(), RAW);
        assert!(Cid::parse("Qmabc").is_err());
        assert!(Cid::parse("b!!").is_err());
        assert!(Cid::parse("baaa").is_err());
    }

    #[test]
    fn dag_cbor_cid_of_bytes() {
        let c = Cid::dag_cbor_of(b"hello");
        assert!(c.to_string().starts_with("bafyrei"));
        assert_eq!(c.verify(b"hello"), Some(true));
        assert_eq!(c.verify(b"hellO"), Some(false));
        assert_eq!(Cid::from_bytes(c.as_bytes()).unwrap(), c);
    }

    #[test]
    fn base32() {
        assert_eq!(base32_lower(b"f"), "my");
        assert_eq!(base32_lower(b"foobar"), "mzxw6ytboi");
        assert_eq!(base32_decode("mzxw6ytboi").unwrap(), b"foobar");
    }
}
