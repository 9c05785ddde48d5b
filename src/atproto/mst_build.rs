//! Building a repository's Merkle Search Tree from its records.
//!
//! Each key (`<collection>/<rkey>`) has a height: the leading zero bits of its SHA-256
//! counted in 2-bit chunks (fan-out 4; [`key_height`], the reader's own function). The
//! root sits at the greatest height; a node of layer `h` holds, in key order, the
//! entries of height `h` between its bounds, with the keys of lower height between two
//! of them in a subtree of layer `h − 1` (`l` before the first entry, `t` after each).
//! A subtree with no key of its own layer is a node holding only `l`. Entries compress
//! their keys against the previous entry of the same node (`p`: shared prefix length,
//! `k`: the rest). Given the same keys and values, the tree and its root CID are
//! always the same: the structure depends on nothing else.

use super::cbor_write::{block, map};
use crate::atproto::cbor::Cbor;
use crate::atproto::cid::Cid;
use crate::atproto::mst::{common_prefix_len, key_height};

/// A built tree: its root and every node block.
pub(crate) struct Tree {
    /// The CID of the root node (the commit's `data`).
    pub root: Cid,
    /// Every node, as (CID, DAG-CBOR bytes).
    pub nodes: Vec<(Cid, Vec<u8>)>,
}

struct Leaf<'a> {
    key: &'a [u8],
    value: &'a Cid,
    height: u32,
}

/// Build the tree of `leaves` (sorted by key, no key twice).
pub(crate) fn build(leaves: &[(String, Cid)]) -> Result<Tree, String> {
    if leaves
        .windows(2)
        .any(|w| w[0].0.as_bytes() >= w[1].0.as_bytes())
    {
        return Err("MST keys are not sorted and unique".into());
    }
    let all: Vec<Leaf> = leaves
        .iter()
        .map(|(k, v)| Leaf {
            key: k.as_bytes(),
            value: v,
            height: key_height(k.as_bytes()),
        })
        .collect();
    let top = all.iter().map(|l| l.height).max().unwrap_or(0);
    let mut nodes = Vec::with_capacity(leaves.len() / 3 + 1);
    let root = node(&all, top, &mut nodes)?;
    Ok(Tree { root, nodes })
}

/// The node of layer `layer` over `slice` (every height ≤ `layer`).
fn node(slice: &[Leaf], layer: u32, nodes: &mut Vec<(Cid, Vec<u8>)>) -> Result<Cid, String> {
    let sub = |s: &[Leaf], nodes: &mut Vec<(Cid, Vec<u8>)>| -> Result<Cbor, String> {
        if s.is_empty() {
            return Ok(Cbor::Null);
        }
        let below = layer
            .checked_sub(1)
            .ok_or_else(|| "MST: keys below layer 0".to_string())?;
        Ok(Cbor::Link(node(s, below, nodes)?))
    };
    let at: Vec<usize> = slice
        .iter()
        .enumerate()
        .filter(|(_, l)| l.height == layer)
        .map(|(i, _)| i)
        .collect();
    let first = at.first().copied().unwrap_or(slice.len());
    let left = sub(slice.get(..first).unwrap_or_default(), nodes)?;
    let mut entries = Vec::with_capacity(at.len());
    let mut prev: &[u8] = &[];
    for (n, &i) in at.iter().enumerate() {
        let end = at.get(n + 1).copied().unwrap_or(slice.len());
        let Some(leaf) = slice.get(i) else { break };
        let right = sub(slice.get(i + 1..end).unwrap_or_default(), nodes)?;
        let p = common_prefix_len(prev, leaf.key);
        entries.push(map([
            (
                "k",
                Cbor::Bytes(leaf.key.get(p..).unwrap_or_default().to_vec()),
            ),
            ("p", Cbor::Int(p as i128)),
            ("t", right),
            ("v", Cbor::Link(leaf.value.clone())),
        ]));
        prev = leaf.key;
    }
    let (cid, bytes) = block(&map([("e", Cbor::Array(entries)), ("l", left)]))?;
    nodes.push((cid.clone(), bytes));
    Ok(cid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atproto::mst::{walk, Blocks};

    struct Mem(std::collections::HashMap<Cid, Vec<u8>>);
    impl Blocks for Mem {
        fn load(&mut self, cid: &Cid) -> crate::error::Result<Option<Vec<u8>>> {
            Ok(self.0.get(cid).cloned())
        }
    }

    fn leaves(keys: &[&str], v: &Cid) -> Vec<(String, Cid)> {
        let mut l: Vec<(String, Cid)> = keys.iter().map(|k| (k.to_string(), v.clone())).collect();
        l.sort();
        l
    }

    #[test]
    fn the_empty_tree_is_one_empty_node() {
        let t = build(&[]).unwrap();
        // {"e": [], "l": null}: the well-known empty MST root
        assert_eq!(
            t.root.to_string(),
            "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"
        );
    }

    /// The reader walks what the builder writes: every key once, in order, and finds
    /// the tree valid (no key out of order, no node of mixed heights).
    #[test]
    fn the_reader_walks_the_built_tree() {
        let v = Cid::dag_cbor_of(b"\xa0");
        let keys: Vec<String> = (0..2000)
            .map(|i| {
                format!(
                    "app.bsky.feed.post/{}",
                    super::super::tid::encode(i * 977, 3)
                )
            })
            .collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let t = build(&leaves(&refs, &v)).unwrap();
        let mut mem = Mem(t.nodes.into_iter().collect());
        let mut seen = Vec::new();
        let w = walk(&t.root, 64, &mut mem, |_, _, l| {
            seen.push(l.key);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, keys);
        assert_eq!(w.out_of_order, 0);
        assert_eq!(w.mixed_heights, 0);
        assert!(w.missing.is_empty() && w.malformed.is_empty());
        assert!(build(&[("b".into(), v.clone()), ("a".into(), v)]).is_err());
    }

    /// The root CIDs of the atproto interop vectors: the same keys give the same tree.
    #[test]
    #[cfg_attr(
        not(lifeboat_shared),
        ignore = "needs ../shared/reference beside the repository (.ci/run has it)"
    )]
    fn roots_match_the_interop_vectors() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/bluesky/fixtures/interop-tests/firehose/commit-proof-fixtures.json");
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        assert!(cases.len() >= 6);
        let strs = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        };
        for c in &cases {
            let v = Cid::parse(c["leafValue"].as_str().unwrap()).unwrap();
            let before = strs(&c["keys"]);
            let refs: Vec<&str> = before.iter().map(String::as_str).collect();
            let t = build(&leaves(&refs, &v)).unwrap();
            assert_eq!(
                t.root.to_string(),
                c["rootBeforeCommit"],
                "{}",
                c["comment"]
            );
            let mut after = before.clone();
            after.extend(strs(&c["adds"]));
            let dels = strs(&c["dels"]);
            after.retain(|k| !dels.contains(k));
            let refs: Vec<&str> = after.iter().map(String::as_str).collect();
            let t = build(&leaves(&refs, &v)).unwrap();
            assert_eq!(t.root.to_string(), c["rootAfterCommit"], "{}", c["comment"]);
        }
    }
}
