//! A CAR v1 writer: `varint(len) ‖ {roots, version: 1}`, then each block as
//! `varint(len(cid) + len(data)) ‖ cid ‖ data`.

use std::io::Write;

use super::cbor_write::{encode, map, varint};
use crate::atproto::cbor::Cbor;
use crate::atproto::cid::Cid;

/// Writes a CAR to `w`, block by block.
pub(crate) struct CarWriter<W: Write> {
    w: W,
    /// Bytes written so far.
    pub written: u64,
}

impl<W: Write> CarWriter<W> {
    /// Start a CAR whose one root is `root`.
    pub(crate) fn new(mut w: W, root: &Cid) -> std::io::Result<CarWriter<W>> {
        let header = map([
            ("roots", Cbor::Array(vec![Cbor::Link(root.clone())])),
            ("version", Cbor::Int(1)),
        ]);
        let bytes = encode(&header).map_err(std::io::Error::other)?;
        let mut head = Vec::with_capacity(bytes.len() + 2);
        varint(bytes.len() as u64, &mut head);
        head.extend_from_slice(&bytes);
        w.write_all(&head)?;
        Ok(CarWriter {
            w,
            written: head.len() as u64,
        })
    }

    /// Write one block.
    pub(crate) fn block(&mut self, cid: &Cid, data: &[u8]) -> std::io::Result<()> {
        let c = cid.as_bytes();
        let mut head = Vec::with_capacity(12);
        varint((c.len() + data.len()) as u64, &mut head);
        self.w.write_all(&head)?;
        self.w.write_all(c)?;
        self.w.write_all(data)?;
        self.written += (head.len() + c.len() + data.len()) as u64;
        Ok(())
    }

    /// Flush and hand back the writer.
    pub(crate) fn finish(mut self) -> std::io::Result<W> {
        self.w.flush()?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atproto::car::CarStore;
    use crate::container::Limits;

    #[test]
    fn lifeboat_reads_what_it_writes() {
        let a = encode(&map([("x", Cbor::Int(1))])).unwrap();
        let ca = Cid::dag_cbor_of(&a);
        let b = vec![0u8; 300];
        let cb = Cid::dag_cbor_of(&b);
        let mut w = CarWriter::new(Vec::new(), &ca).unwrap();
        w.block(&ca, &a).unwrap();
        w.block(&cb, &b).unwrap();
        let n = w.written;
        let bytes = w.finish().unwrap();
        assert_eq!(n as usize, bytes.len());
        let mut s = CarStore::read(&mut &bytes[..], "t.car", &Limits::default(), None).unwrap();
        assert_eq!(s.roots, vec![ca.clone()]);
        assert_eq!(s.blocks, 2);
        assert!(s.mismatched.is_empty());
        assert_eq!(s.get(&cb).unwrap().unwrap().data, b);
        assert!(crate::atproto::car::looks_like_car(&bytes));
    }
}
