//! `mapping.jsonl`, written by lifeboat's Bluesky export beside `repo.car`: the record
//! id each record of the repository had in the archive it came from (and, for a post
//! split into a thread, which part it is; for a blob, the media record it was). Read
//! before the CAR, it gives the records their original ids back, so a round trip
//! keeps ids, and the parts of a split post are joined again.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::import::Context;

/// The mapping's file name.
pub(crate) fn is_mapping_name(name: &str) -> bool {
    name.rsplit('/').next() == Some("mapping.jsonl")
}

/// A record's original id, and its part when it is one of a split post's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GivenId {
    pub id: String,
    /// (part, of): 1-based.
    pub part: Option<(u64, u64)>,
}

/// The ids of one exported repository.
#[derive(Default, Debug)]
pub(crate) struct Given {
    /// The repository's DID: the mapping applies to it only.
    pub did: Option<String>,
    /// The archive's owner account id.
    pub owner: Option<String>,
    /// The archive had no owner account: the repository's account is not one of its
    /// records, and is not read as one.
    pub no_owner: bool,
    /// By AT URI.
    by_uri: HashMap<String, GivenId>,
    /// By (AT URI of the record that refers to the blob, blob CID): the media ids in
    /// the order the record refers to the blob (two media of the same bytes in one
    /// post are one blob twice).
    media: HashMap<(String, String), Vec<String>>,
}

/// Longest line read (a mapping line is a few hundred bytes).
const MAX_LINE: u64 = 64 * 1024;

impl Given {
    /// Read `mapping.jsonl`; a file that is not lifeboat's is warned about and ignored.
    pub(crate) fn read(&mut self, name: &str, r: &mut dyn Read, cx: &mut Context) -> Result<()> {
        let mut br = BufReader::new(r);
        let mut line = Vec::new();
        let mut first = true;
        loop {
            line.clear();
            let n = (&mut br)
                .take(MAX_LINE)
                .read_until(b'\n', &mut line)
                .map_err(|e| Error::io(name, e))?;
            if n == 0 {
                break;
            }
            let Ok(v) = serde_json::from_slice::<Value>(&line) else {
                cx.report.warn(format!(
                    "{name}: a line that is not JSON: the mapping of ids is not used"
                ));
                *self = Given::default();
                return Ok(());
            };
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            if first {
                first = false;
                if v.get("lifeboat_mapping").and_then(Value::as_u64) != Some(1) {
                    cx.report
                        .warn(format!("{name}: not a lifeboat mapping of ids: ignored"));
                    return Ok(());
                }
                self.did = s("did");
                self.owner = s("owner");
                self.no_owner = v.get("owner") == Some(&Value::Null);
                continue;
            }
            let (Some(id), Some(uri)) = (s("id"), s("uri")) else {
                continue;
            };
            if let Some(blob) = s("blob") {
                self.media.entry((uri, blob)).or_default().push(id);
                continue;
            }
            let part = v
                .get("part")
                .and_then(Value::as_u64)
                .zip(v.get("of").and_then(Value::as_u64))
                .filter(|(p, o)| *p >= 1 && p <= o);
            self.by_uri.insert(uri, GivenId { id, part });
        }
        Ok(())
    }

    /// The mapping of the repository of `did`, if it is the one mapped.
    pub(crate) fn for_did(&self, did: &str) -> Option<&Given> {
        (self.did.as_deref() == Some(did)).then_some(self)
    }

    /// The original id of the record at `uri`.
    pub(crate) fn id(&self, uri: &str) -> Option<&GivenId> {
        self.by_uri.get(uri)
    }

    /// The original ids of the media of blob `cid` in the record at `uri`, in the
    /// order the record refers to it.
    pub(crate) fn media(&self, uri: &str, cid: &str) -> Option<&Vec<String>> {
        self.media.get(&(uri.to_string(), cid.to_string()))
    }
}
