//! A streaming CAR v1 reader with a block spool.
//!
//! ```text
//! varint(header_len) | header (DAG-CBOR {roots, version})
//! { varint(len(cid) + len(block)) | cid | block } … until EOF
//! ```
//!
//! Blocks arrive in no defined order, so one pass reads every block with a bounded
//! buffer (a length above [`Limits::max_car_block`] is an error before anything is
//! allocated), checks its bytes against its CID, and appends the bytes to a temporary
//! spool file; only an index CID hash → (offset, length) stays in memory. The MST
//! walk then reads the blocks it needs back from the spool.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
#[cfg(not(unix))]
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::cbor;
use super::cid::{read_varint, Cid};
use crate::container::Limits;
use crate::error::{Error, Result};

/// Where a block's bytes are in the spool.
#[derive(Clone, Copy, Debug)]
struct Loc {
    /// Where the block's CID starts; its bytes follow the CID.
    offset: u64,
    /// Length of the block's bytes.
    len: u32,
    /// Length of the CID stored before them.
    cid_len: u16,
    /// Whether the bytes hashed to the CID when the block was read.
    verified: Option<bool>,
}

/// A block read back from the spool.
#[derive(Debug)]
pub struct Block {
    /// The block's bytes.
    pub data: Vec<u8>,
    /// Whether the bytes hash to the CID (`None`: a hash function lifeboat cannot check).
    pub verified: Option<bool>,
}

/// The blocks of one CAR file, spooled to disk and indexed by CID.
pub struct CarStore {
    /// The header's roots (`roots[0]` is the signed commit of a repository).
    pub roots: Vec<Cid>,
    /// Number of blocks read (duplicates included).
    pub blocks: u64,
    /// Blocks that appeared more than once (the first copy is used).
    pub duplicates: u64,
    /// Blocks whose bytes do not hash to their CID (the first [`MISMATCHES_LISTED`]).
    pub mismatched: Vec<Cid>,
    /// How many blocks in all do not hash to their CID.
    pub mismatched_count: u64,
    /// By [`Cid::key64`] (24 bytes an entry). The spool holds each block's CID before
    /// its bytes, so a key shared by two CIDs is caught when a block is read back
    /// ([`CarStore::get`] compares the CIDs) without hashing the block again.
    index: HashMap<u64, Loc>,
    spool: File,
    spool_path: PathBuf,
}

impl Drop for CarStore {
    fn drop(&mut self) {
        // Already unlinked on Unix; elsewhere this is where the spool goes.
        let _ = std::fs::remove_file(&self.spool_path);
    }
}

/// Mismatching CIDs listed one by one (the rest are only counted).
pub const MISMATCHES_LISTED: usize = 20;

static SPOOL_SEQ: AtomicU64 = AtomicU64::new(0);

fn open_spool(dir: Option<&Path>) -> Result<(File, PathBuf)> {
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let path = dir.join(format!(
        "lifeboat-car-{}-{}-{nanos}.spool",
        std::process::id(),
        SPOOL_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    #[cfg(unix)]
    let _ = std::fs::remove_file(&path);
    Ok((f, path))
}

fn corrupt(name: &str, message: impl Into<String>) -> Error {
    Error::Container {
        path: name.to_string(),
        message: message.into(),
    }
}

/// Read exactly `n` bytes into `buf`; an early end of stream is a corrupt CAR.
fn read_block(r: &mut dyn Read, buf: &mut Vec<u8>, n: usize, name: &str) -> Result<()> {
    buf.clear();
    let got = r
        .take(n as u64)
        .read_to_end(buf)
        .map_err(|e| Error::io(name, e))?;
    if got != n {
        return Err(corrupt(
            name,
            format!("CAR truncated: a block of {n} bytes has only {got}"),
        ));
    }
    Ok(())
}

impl CarStore {
    /// Read a whole CAR stream: header, then every block, spooled. `name` is the
    /// entry's name (for errors); `spool_dir` where the spool file goes.
    pub fn read(
        r: &mut dyn Read,
        name: &str,
        limits: &Limits,
        spool_dir: Option<&Path>,
    ) -> Result<CarStore> {
        let mut scratch = Vec::with_capacity(16);
        let head_len = read_varint(r, &mut scratch)
            .map_err(|e| Error::io(name, e))?
            .ok_or_else(|| corrupt(name, "empty file: no CAR header"))?;
        if head_len > limits.max_car_block {
            return Err(Error::Limit {
                what: "CAR header size",
                limit: limits.max_car_block,
                path: name.to_string(),
            });
        }
        let mut buf = Vec::new();
        read_block(r, &mut buf, head_len as usize, name)?;
        let header = cbor::decode(&buf, limits.max_json_depth)
            .map_err(|e| corrupt(name, format!("CAR header is not DAG-CBOR: {e}")))?;
        match header.get("version") {
            Some(cbor::Cbor::Int(1)) => {}
            Some(cbor::Cbor::Int(2)) => {
                return Err(corrupt(name, "CAR v2 is not supported (only CAR v1)"))
            }
            other => {
                return Err(corrupt(
                    name,
                    format!("not a CAR v1 header (version {other:?})"),
                ))
            }
        }
        let roots: Vec<Cid> = match header.get("roots") {
            Some(cbor::Cbor::Array(a)) => a.iter().filter_map(|v| v.as_link().cloned()).collect(),
            _ => Vec::new(),
        };
        let (spool, spool_path) = open_spool(spool_dir)?;
        let mut store = CarStore {
            roots,
            blocks: 0,
            duplicates: 0,
            mismatched: Vec::new(),
            mismatched_count: 0,
            index: HashMap::new(),
            spool,
            spool_path,
        };
        let mut w = BufWriter::with_capacity(1 << 16, &store.spool);
        let mut offset = 0u64;
        loop {
            scratch.clear();
            let Some(len) = read_varint(r, &mut scratch).map_err(|e| Error::io(name, e))? else {
                break;
            };
            if len > limits.max_car_block || len > u64::from(u32::MAX) {
                return Err(Error::Limit {
                    what: "CAR block size",
                    limit: limits.max_car_block.min(u64::from(u32::MAX)),
                    path: format!("{name} (block {} claims {len} bytes)", store.blocks),
                });
            }
            if len == 0 {
                return Err(corrupt(
                    name,
                    format!("block {} has length 0", store.blocks),
                ));
            }
            read_block(r, &mut buf, len as usize, name)?;
            let (cid, used) = Cid::read_prefix(&buf)
                .map_err(|e| corrupt(name, format!("block {}: bad CID: {e}", store.blocks)))?;
            store.blocks += 1;
            let data = &buf[used..];
            if store.index.contains_key(&cid.key64()) {
                store.duplicates += 1;
                continue;
            }
            let verified = cid.verify(data);
            if verified == Some(false) {
                store.mismatched_count += 1;
                if store.mismatched.len() < MISMATCHES_LISTED {
                    store.mismatched.push(cid.clone());
                }
            }
            let cid_bytes = cid.as_bytes();
            let Ok(cid_len) = u16::try_from(cid_bytes.len()) else {
                return Err(corrupt(
                    name,
                    format!("block {}: CID longer than 64 KiB", store.blocks),
                ));
            };
            w.write_all(cid_bytes)
                .and_then(|_| w.write_all(data))
                .map_err(|e| Error::io(&store.spool_path, e))?;
            store.index.insert(
                cid.key64(),
                Loc {
                    offset,
                    len: data.len() as u32,
                    cid_len,
                    verified,
                },
            );
            offset += (cid_bytes.len() + data.len()) as u64;
        }
        w.flush().map_err(|e| Error::io(&store.spool_path, e))?;
        drop(w);
        Ok(store)
    }

    /// Number of distinct blocks.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the CAR held no block.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// True when a block with this CID is in the CAR.
    pub fn contains(&self, cid: &Cid) -> bool {
        self.index.contains_key(&cid.key64())
    }

    /// Read a block back, its bytes checked against `cid`; `None` when the CAR does
    /// not hold it.
    pub fn get(&mut self, cid: &Cid) -> Result<Option<Block>> {
        let Some(loc) = self.index.get(&cid.key64()).copied() else {
            return Ok(None);
        };
        let cid_len = usize::from(loc.cid_len);
        let mut data = vec![0u8; cid_len + loc.len as usize];
        let path = &self.spool_path;
        #[cfg(unix)]
        let r = std::os::unix::fs::FileExt::read_exact_at(&self.spool, &mut data, loc.offset);
        #[cfg(not(unix))]
        let r = self
            .spool
            .seek(SeekFrom::Start(loc.offset))
            .and_then(|_| self.spool.read_exact(&mut data));
        r.map_err(|e| Error::io(path, e))?;
        // the index key is only a hash of the CID: the block stored under it must be
        // the one asked for
        if data.get(..cid_len) != Some(cid.as_bytes()) {
            return Ok(None);
        }
        data.drain(..cid_len);
        Ok(Some(Block {
            data,
            verified: loc.verified,
        }))
    }
}

/// Whether the first bytes of a file are a CAR v1 header: a varint length, then a
/// DAG-CBOR map that starts with its `roots` key (keys sort by length: `roots` comes
/// before `version`).
pub fn looks_like_car(head: &[u8]) -> bool {
    let Ok((len, used)) = super::cid::varint(head) else {
        return false;
    };
    if !(8..=4096).contains(&len) {
        return false;
    }
    let rest = &head[used..];
    rest.len() >= 7 && (0xa1..=0xb7).contains(&rest[0]) && &rest[1..7] == b"\x65roots"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut n: u64) -> Vec<u8> {
        let mut b = Vec::new();
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                b.push(byte);
                return b;
            }
            b.push(byte | 0x80);
        }
    }

    fn car(blocks: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
        // {"roots": [], "version": 1}
        let head = [
            0xa2, 0x65, b'r', b'o', b'o', b't', b's', 0x80, 0x67, b'v', b'e', b'r', b's', b'i',
            b'o', b'n', 0x01,
        ];
        let mut out = varint(head.len() as u64);
        out.extend_from_slice(&head);
        for (cid, data) in blocks {
            out.extend(varint((cid.len() + data.len()) as u64));
            out.extend_from_slice(cid);
            out.extend_from_slice(data);
        }
        out
    }

    #[test]
    fn reads_verifies_and_spools() {
        let good = b"\xa0".to_vec();
        let cid = Cid::dag_cbor_of(&good);
        let other = Cid::dag_cbor_of(b"\xf6");
        let bytes = car(&[
            (cid.as_bytes().to_vec(), good.clone()),
            (other.as_bytes().to_vec(), b"\xf5".to_vec()),
            (cid.as_bytes().to_vec(), good.clone()),
        ]);
        let mut s = CarStore::read(&mut &bytes[..], "t.car", &Limits::default(), None).unwrap();
        assert_eq!(s.blocks, 3);
        assert_eq!(s.duplicates, 1);
        assert_eq!(s.len(), 2);
        assert_eq!(s.mismatched, vec![other.clone()]);
        let b = s.get(&cid).unwrap().unwrap();
        assert_eq!(b.data, good);
        assert_eq!(b.verified, Some(true));
        assert_eq!(s.get(&other).unwrap().unwrap().verified, Some(false));
        assert!(s.get(&Cid::dag_cbor_of(b"x")).unwrap().is_none());
    }

    #[test]
    fn huge_and_truncated_blocks_are_errors() {
        let mut bytes = car(&[]);
        bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f]);
        let e = CarStore::read(&mut &bytes[..], "h.car", &Limits::default(), None)
            .err()
            .unwrap();
        assert!(matches!(e, Error::Limit { .. }), "{e}");
        let mut cut = car(&[]);
        cut.extend_from_slice(&[0x30, 0x01]);
        let e = CarStore::read(&mut &cut[..], "c.car", &Limits::default(), None)
            .err()
            .unwrap();
        assert!(e.to_string().contains("truncated"), "{e}");
        assert!(CarStore::read(&mut &b""[..], "e.car", &Limits::default(), None).is_err());
    }
}
