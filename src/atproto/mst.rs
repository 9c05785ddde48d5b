//! The Merkle Search Tree of a repository, walked to list every record.
//!
//! ```text
//! node  = { "l": <CID | null>, "e": [ entry … ] }
//! entry = { "p": <shared prefix length>, "k": <key suffix bytes>, "v": <record CID>,
//!           "t": <CID | null> }
//! ```
//!
//! The walk is iterative (an explicit stack, never recursion) and visits each node at
//! most once, so forged CIDs that point at each other cannot make it loop or overflow
//! the stack. Missing nodes (a slice CAR) and malformed nodes are listed, not fatal.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::cbor::{self, Cbor};
use super::cid::Cid;
use crate::error::Result;

/// One record found in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// `<collection>/<rkey>`.
    pub key: String,
    /// CID of the record block.
    pub value: Cid,
}

/// What a walk found (the records themselves go to the walk's callback).
#[derive(Debug, Default)]
pub struct Walk {
    /// Records found.
    pub leaves: u64,
    /// Nodes referenced but not in the CAR (the first [`LISTED`]).
    pub missing: Vec<Cid>,
    /// How many nodes in all are referenced but not in the CAR.
    pub missing_count: u64,
    /// Nodes that could not be read, with why (the first [`LISTED`]).
    pub malformed: Vec<(Cid, String)>,
    /// How many nodes in all could not be read.
    pub malformed_count: u64,
    /// Nodes reached a second time (a cycle or a shared subtree): not walked again.
    pub revisits: u64,
    /// Keys that came out of order (the tree is not a valid MST).
    pub out_of_order: u64,
    /// Nodes whose keys are not all at the same MST height.
    pub mixed_heights: u64,
    /// Nodes walked.
    pub nodes: u64,
}

/// Where the walk gets node bytes from.
pub trait Blocks {
    /// A block's bytes, or `None` when the CAR does not hold it.
    fn load(&mut self, cid: &Cid) -> Result<Option<Vec<u8>>>;
}

impl Blocks for super::car::CarStore {
    fn load(&mut self, cid: &Cid) -> Result<Option<Vec<u8>>> {
        Ok(self.get(cid)?.map(|b| b.data))
    }
}

/// The MST height of a key: leading zero bits of SHA-256(key), halved (fan-out 4).
pub fn key_height(key: &[u8]) -> u32 {
    let mut zeros = 0;
    for b in Sha256::digest(key) {
        if b == 0 {
            zeros += 8;
            continue;
        }
        zeros += b.leading_zeros();
        break;
    }
    zeros / 2
}

/// Length of the common prefix of two keys, in bytes.
pub fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

enum Step {
    Node(Cid),
    Leaf(Leaf),
}

/// Walk the tree from `root`, in order, handing each record to `on_leaf` with its
/// index (0-based, in walk order) and the block source (so that it can read the
/// record). Only the stack of pending steps and the set of visited nodes stay in
/// memory.
pub fn walk<B: Blocks>(
    root: &Cid,
    max_depth: usize,
    blocks: &mut B,
    mut on_leaf: impl FnMut(&mut B, u64, Leaf) -> Result<()>,
) -> Result<Walk> {
    let mut w = Walk::default();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut stack = vec![Step::Node(root.clone())];
    let mut last_key: Option<String> = None;
    while let Some(step) = stack.pop() {
        let cid = match step {
            Step::Leaf(leaf) => {
                if last_key.as_ref().is_some_and(|k| *k >= leaf.key) {
                    w.out_of_order += 1;
                }
                last_key = Some(leaf.key.clone());
                on_leaf(blocks, w.leaves, leaf)?;
                w.leaves += 1;
                continue;
            }
            Step::Node(cid) => cid,
        };
        if !seen.insert(cid.key64()) {
            w.revisits += 1;
            continue;
        }
        let Some(bytes) = blocks.load(&cid)? else {
            w.missing_count += 1;
            if w.missing.len() < LISTED {
                w.missing.push(cid);
            }
            continue;
        };
        w.nodes += 1;
        match parse_node(&bytes, max_depth) {
            Ok((left, leaves, heights_mixed)) => {
                if heights_mixed {
                    w.mixed_heights += 1;
                }
                // pushed in reverse so that they pop in order
                let mut steps = Vec::with_capacity(1 + leaves.len() * 2);
                if let Some(l) = left {
                    steps.push(Step::Node(l));
                }
                for (leaf, tree) in leaves {
                    steps.push(Step::Leaf(leaf));
                    if let Some(t) = tree {
                        steps.push(Step::Node(t));
                    }
                }
                stack.extend(steps.into_iter().rev());
            }
            Err(e) => {
                w.malformed_count += 1;
                if w.malformed.len() < LISTED {
                    w.malformed.push((cid, e));
                }
            }
        }
    }
    Ok(w)
}

/// Missing and malformed nodes listed one by one (the rest are only counted).
pub const LISTED: usize = 20;

/// Longest MST key accepted: a collection NSID (≤ 317) + `/` + a record key (≤ 512),
/// with room to spare. Bounds what a hostile node of shared prefixes can build.
const MAX_KEY: usize = 1024;

type NodeParts = (Option<Cid>, Vec<(Leaf, Option<Cid>)>, bool);

fn link_or_null(v: Option<&Cbor>, what: &str) -> Result<Option<Cid>, String> {
    match v {
        None | Some(Cbor::Null) => Ok(None),
        Some(Cbor::Link(c)) => Ok(Some(c.clone())),
        Some(_) => Err(format!("{what} is neither a CID link nor null")),
    }
}

/// Parse one node: its left subtree, its entries (with their right subtrees), and
/// whether its keys sit at different heights.
fn parse_node(bytes: &[u8], max_depth: usize) -> Result<NodeParts, String> {
    let v = cbor::decode(bytes, max_depth)?;
    let Cbor::Map(_) = v else {
        return Err("MST node is not a map".into());
    };
    let left = link_or_null(v.get("l"), "\"l\"")?;
    let Some(Cbor::Array(entries)) = v.get("e") else {
        return Err("MST node has no \"e\" array".into());
    };
    let mut out = Vec::with_capacity(entries.len());
    let mut prev: Vec<u8> = Vec::new();
    let mut height = None;
    let mut mixed = false;
    for (i, e) in entries.iter().enumerate() {
        let p = match e.get("p") {
            Some(Cbor::Int(p)) if *p >= 0 => *p as usize,
            _ => return Err(format!("entry {i}: \"p\" is not a non-negative integer")),
        };
        let Some(Cbor::Bytes(k)) = e.get("k") else {
            return Err(format!("entry {i}: \"k\" is not a byte string"));
        };
        if p > prev.len() {
            return Err(format!(
                "entry {i}: shares {p} bytes with a previous key of {}",
                prev.len()
            ));
        }
        if p + k.len() > MAX_KEY {
            return Err(format!(
                "entry {i}: key of {} bytes is longer than {MAX_KEY}",
                p + k.len()
            ));
        }
        let mut key = prev[..p].to_vec();
        key.extend_from_slice(k);
        let Some(Cbor::Link(value)) = e.get("v") else {
            return Err(format!("entry {i}: \"v\" is not a CID link"));
        };
        let tree = link_or_null(e.get("t"), "\"t\"")?;
        let h = key_height(&key);
        if *height.get_or_insert(h) != h {
            mixed = true;
        }
        let text =
            String::from_utf8(key.clone()).map_err(|_| format!("entry {i}: key is not UTF-8"))?;
        out.push((
            Leaf {
                key: text,
                value: value.clone(),
            },
            tree,
        ));
        prev = key;
    }
    Ok((left, out, mixed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture(name: &str) -> Option<serde_json::Value> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/bluesky/fixtures/interop-tests/mst")
            .join(name);
        let text = std::fs::read_to_string(p).ok()?;
        serde_json::from_str(&text).ok()
    }

    #[test]
    fn key_heights_match_the_interop_vectors() {
        assert_eq!(key_height(b"blue"), 1);
        let Some(v) = fixture("key_heights.json") else {
            eprintln!("interop vectors not found; skipped");
            return;
        };
        let cases = v.as_array().unwrap();
        assert_eq!(cases.len(), 9);
        for c in cases {
            let key = c["key"].as_str().unwrap();
            assert_eq!(
                u64::from(key_height(key.as_bytes())),
                c["height"].as_u64().unwrap(),
                "{key}"
            );
        }
    }

    #[test]
    fn common_prefix_matches_the_interop_vectors() {
        let Some(v) = fixture("common_prefix.json") else {
            eprintln!("interop vectors not found; skipped");
            return;
        };
        for c in v.as_array().unwrap() {
            let (l, r) = (c["left"].as_str().unwrap(), c["right"].as_str().unwrap());
            assert_eq!(
                common_prefix_len(l.as_bytes(), r.as_bytes()) as u64,
                c["len"].as_u64().unwrap(),
                "{l:?} {r:?}"
            );
        }
    }

    /// Minimal DAG-CBOR writer for test nodes.
    fn head(major: u8, n: usize) -> Vec<u8> {
        if n < 24 {
            vec![major << 5 | n as u8]
        } else if n < 256 {
            vec![major << 5 | 24, n as u8]
        } else {
            vec![major << 5 | 25, (n >> 8) as u8, n as u8]
        }
    }
    fn text(s: &str) -> Vec<u8> {
        let mut v = head(3, s.len());
        v.extend_from_slice(s.as_bytes());
        v
    }
    fn link(c: &Cid) -> Vec<u8> {
        let mut v = vec![0xd8, 0x2a];
        v.extend(head(2, c.as_bytes().len() + 1));
        v.push(0);
        v.extend_from_slice(c.as_bytes());
        v
    }
    fn node(left: Option<&Cid>, entries: &[(usize, &str, &Cid, Option<&Cid>)]) -> Vec<u8> {
        let mut v = vec![0xa2];
        v.extend(text("e"));
        v.extend(head(4, entries.len()));
        for (p, k, val, t) in entries {
            v.push(0xa4);
            v.extend(text("k"));
            v.extend(head(2, k.len()));
            v.extend_from_slice(k.as_bytes());
            v.extend(text("p"));
            v.extend(head(0, *p));
            v.extend(text("t"));
            v.extend(t.map(link).unwrap_or(vec![0xf6]));
            v.extend(text("v"));
            v.extend(link(val));
        }
        v.extend(text("l"));
        v.extend(left.map(link).unwrap_or(vec![0xf6]));
        v
    }

    /// Blocks held in memory; `all` answers every CID with the same bytes.
    struct Mem {
        blocks: Vec<(Cid, Vec<u8>)>,
        all: Option<Vec<u8>>,
    }

    impl Blocks for Mem {
        fn load(&mut self, cid: &Cid) -> Result<Option<Vec<u8>>> {
            if let Some(a) = &self.all {
                return Ok(Some(a.clone()));
            }
            Ok(self
                .blocks
                .iter()
                .find(|(k, _)| k == cid)
                .map(|(_, v)| v.clone()))
        }
    }

    fn keys_of(root: &Cid, mem: &mut Mem) -> (Walk, Vec<String>) {
        let mut keys = Vec::new();
        let w = walk(root, 64, mem, |_, i, l| {
            assert_eq!(i as usize, keys.len());
            keys.push(l.key);
            Ok(())
        })
        .unwrap();
        (w, keys)
    }

    #[test]
    fn walks_in_order_and_survives_cycles_and_gaps() {
        let rec = Cid::dag_cbor_of(b"\xa0");
        let leaf_a = node(None, &[(0, "a/1", &rec, None), (2, "2", &rec, None)]);
        let a = Cid::dag_cbor_of(&leaf_a);
        let gone = Cid::dag_cbor_of(b"gone");
        let root_bytes = node(Some(&a), &[(0, "b/1", &rec, Some(&gone))]);
        let root = Cid::dag_cbor_of(&root_bytes);
        let mut mem = Mem {
            blocks: vec![(a.clone(), leaf_a), (root.clone(), root_bytes)],
            all: None,
        };
        let (w, keys) = keys_of(&root, &mut mem);
        assert_eq!(keys, ["a/1", "a/2", "b/1"]);
        assert_eq!(w.leaves, 3);
        assert_eq!(w.missing, vec![gone]);
        assert_eq!(w.out_of_order, 0);

        // two nodes pointing at each other
        let x = Cid::dag_cbor_of(b"x");
        let y = Cid::dag_cbor_of(b"y");
        let mut mem = Mem {
            blocks: vec![
                (x.clone(), node(Some(&y), &[])),
                (y.clone(), node(Some(&x), &[])),
            ],
            all: None,
        };
        let (w, keys) = keys_of(&x, &mut mem);
        assert_eq!(w.revisits, 1);
        assert_eq!(w.nodes, 2);
        assert!(keys.is_empty());

        // shared prefixes that grow a key past the limit
        let chunk = "x".repeat(200);
        let entries: Vec<(usize, &str, &Cid, Option<&Cid>)> = (0..6)
            .map(|i| (i * 200, chunk.as_str(), &rec, None))
            .collect();
        let long = node(None, &entries);
        let mut mem = Mem {
            blocks: Vec::new(),
            all: Some(long),
        };
        let (w, keys) = keys_of(&x, &mut mem);
        assert_eq!(w.malformed.len(), 1, "{:?}", w.malformed);
        assert!(w.malformed[0].1.contains("longer than"));
        assert!(keys.is_empty());

        // a node that is not a node
        let mut mem = Mem {
            blocks: Vec::new(),
            all: Some(vec![0x01]),
        };
        let (w, _) = keys_of(&x, &mut mem);
        assert_eq!(w.malformed.len(), 1);
    }
}
