//! From a spooled CAR to records: the commit, the MST walk, and the mapping of each
//! collection to the neutral model.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value};

use super::given::Given;
use super::{corrupt, Blobs, NET, WARN_EACH};
use crate::atproto::car::CarStore;
use crate::atproto::cbor::{self, Cbor};
use crate::atproto::mst;
use crate::error::Result;
use crate::import::Context;
use crate::model::{
    record_id, Account, Ext, Kind, Link, Media, Mention, Post, RawTimes, Reaction, Record,
    Relationship, Source, Timestamp, Visibility,
};

mod graph;
mod post;
mod profile;

const POST: &str = "app.bsky.feed.post";
const REPOST: &str = "app.bsky.feed.repost";
const LIKE: &str = "app.bsky.feed.like";
const VOTE: &str = "app.bsky.feed.vote";
const FOLLOW: &str = "app.bsky.graph.follow";
const BLOCK: &str = "app.bsky.graph.block";
const LIST: &str = "app.bsky.graph.list";
const LISTITEM: &str = "app.bsky.graph.listitem";
const PROFILE: &str = "app.bsky.actor.profile";
const THREADGATE: &str = "app.bsky.feed.threadgate";
const POSTGATE: &str = "app.bsky.feed.postgate";

/// The record kind a collection is counted under in the report (for unknown
/// collections too, so that what is kept raw is counted somewhere sensible).
fn kind_of(collection: &str) -> Kind {
    match collection {
        LIKE | VOTE => Kind::Reaction,
        PROFILE => Kind::Account,
        c if c.starts_with("app.bsky.graph.") => Kind::Relationship,
        c if c.starts_with("chat.bsky.actor.") || c.starts_with("app.bsky.actor.") => Kind::Account,
        _ => Kind::Post,
    }
}

/// The record id native part of an AT-URI: `at://did/collection/rkey` → `did/collection/rkey`.
fn uri_native(uri: &str) -> &str {
    uri.strip_prefix("at://").unwrap_or(uri)
}

/// The authority (DID or handle) of an AT-URI.
fn uri_authority(uri: &str) -> Option<&str> {
    let a = uri.strip_prefix("at://")?.split('/').next()?;
    (!a.is_empty()).then_some(a)
}

/// The collection of an AT-URI.
fn uri_collection(uri: &str) -> Option<&str> {
    uri.strip_prefix("at://")?.split('/').nth(1)
}

/// The network of a record id (`twitter:post:1` → `twitter`): a record lifeboat's
/// export mapped keeps the network of its id.
fn network_of(id: &str) -> String {
    match id.split_once(':') {
        Some((n, _)) if !n.is_empty() => n.to_string(),
        _ => NET.to_string(),
    }
}

fn account_id(did: &str) -> String {
    record_id(NET, Kind::Account, did)
}

fn profile_url(did: &str) -> String {
    format!("https://bsky.app/profile/{did}")
}

fn get_str<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Microseconds since the epoch of a TID record key (13 chars of base32-sortable).
pub(crate) fn tid_micros(rkey: &str) -> Option<i64> {
    const ALPHA: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    if rkey.len() != 13 {
        return None;
    }
    let mut v: u64 = 0;
    for c in rkey.bytes() {
        let d = ALPHA.iter().position(|&a| a == c)? as u64;
        v = (v << 5) | d;
    }
    if v >> 63 != 0 {
        return None;
    }
    i64::try_from(v >> 10).ok()
}

/// Parse a datetime into `raw` when it was not already RFC 3339 UTC.
fn time(s: Option<&str>, field: &str, raw: &mut RawTimes) -> Option<Timestamp> {
    let s = s?;
    match Timestamp::parse(s).or_else(|| Timestamp::parse(&shorten_fraction(s)?)) {
        Some((t, canonical)) => {
            // also keep strings the model's millisecond form would shorten (µs)
            if !canonical || fraction_digits(s) > 3 {
                raw.insert(field.into(), s.into());
            }
            Some(t)
        }
        None => {
            raw.insert(field.into(), s.into());
            None
        }
    }
}

/// The datetime with its fraction of a second cut to 9 digits (atproto allows any
/// number; the parser takes nanoseconds at most). `None` when there is nothing to cut.
fn shorten_fraction(s: &str) -> Option<String> {
    let (head, frac) = s.split_once('.')?;
    let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 9).then(|| format!("{head}.{}{}", &frac[..9], &frac[digits..]))
}

/// Digits after the decimal point of the seconds of a datetime string.
fn fraction_digits(s: &str) -> usize {
    s.split_once('.')
        .map_or(0, |(_, f)| f.bytes().take_while(u8::is_ascii_digit).count())
}

/// A blob reference, current or legacy.
struct BlobRef {
    cid: String,
    mime: Option<String>,
}

fn blob_ref(v: &Value) -> Option<BlobRef> {
    let cid = match v.get("ref") {
        Some(r) => r
            .get("$link")
            .and_then(Value::as_str)
            .or_else(|| r.as_str())?,
        // legacy (early 2023): {"cid": "bafkrei…", "mimeType": …}
        None => get_str(v, "cid")?,
    };
    Some(BlobRef {
        cid: cid.to_string(),
        mime: get_str(v, "mimeType").map(str::to_string),
    })
}

fn media_kind(mime: Option<&str>, hint: &str) -> String {
    match mime {
        Some("image/gif") => "gif".into(),
        Some(m) if m.starts_with("image/") => "photo".into(),
        Some(m) if m.starts_with("video/") => "video".into(),
        Some(m) if m.starts_with("audio/") => "audio".into(),
        Some(_) => "document".into(),
        None => hint.into(),
    }
}

/// A deterministic 64-bit hash of an id.
fn hash64(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Collections read in the first walk: the profile, and the gates posts join.
fn first_pass(collection: &str) -> bool {
    collection == PROFILE || collection == THREADGATE || collection == POSTGATE
}

/// A record read from the repository.
struct Item {
    collection: String,
    rkey: String,
    value: Value,
    src: Source,
    location: String,
}

/// State while one repository is imported.
struct Repo<'b> {
    entry: String,
    did: String,
    owner: String,
    blobs: &'b mut Blobs,
    /// 64-bit hashes of the ids given so far (a collision only appends an rkey).
    ids: HashSet<u64>,
    others: BTreeSet<String>,
    /// Gates by the rkey of their post: where they are, read when the post is.
    gates: HashMap<String, Vec<(u64, mst::Leaf)>>,
    /// The gates of the post being mapped.
    post_gates: Vec<Item>,
    facet_warnings: u64,
    /// The ids lifeboat's export gave the records (`mapping.jsonl`), when it names
    /// this repository.
    given: Option<&'b Given>,
    /// The AT URI of the record being mapped (blobs are named by it in the mapping).
    cur_uri: String,
    /// Posts split by lifeboat's export, waiting for their other parts: by id, the
    /// post and the parts still to come.
    held: HashMap<String, (Post, u64)>,
    /// Media ids the mapping gave that were read already.
    given_media: HashSet<String>,
    /// References read so far to each (record, blob) the mapping names.
    media_refs: HashMap<(String, String), usize>,
}

/// Import the repository in `store`. Returns the number of records read.
pub(super) fn import_repo(
    entry: &str,
    store: &mut CarStore,
    blobs: &mut Blobs,
    cx: &mut Context,
    versions: &mut BTreeMap<i64, u64>,
    given: &Given,
) -> Result<u64> {
    let depth = cx.limits.max_json_depth;
    for (i, c) in store.mismatched.iter().enumerate() {
        if i < WARN_EACH {
            cx.report.warn(format!(
                "{entry}: block {c} does not match its CID (corrupt or tampered)"
            ));
        }
    }
    if store.mismatched_count > store.mismatched.len() as u64 {
        cx.report.warn(format!(
            "{entry}: {} blocks in all do not match their CID",
            store.mismatched_count
        ));
    }
    if store.roots.len() > 1 {
        cx.report.warn(format!(
            "{entry}: {} roots in the CAR header; only the first is read",
            store.roots.len()
        ));
    }
    let Some(root) = store.roots.first().cloned() else {
        return Err(corrupt(entry, "the CAR header names no root"));
    };
    let Some(commit_block) = store.get(&root)? else {
        return Err(corrupt(
            entry,
            format!("the root block {root} (the repository's commit) is not in the CAR"),
        ));
    };
    if commit_block.verified == Some(false) {
        cx.report.warn(format!(
            "{entry}: the commit block does not match its CID {root}"
        ));
    }
    let commit = cbor::decode(&commit_block.data, depth).map_err(|e| {
        corrupt(
            entry,
            format!("the commit block {root} is not DAG-CBOR: {e}"),
        )
    })?;
    let Some(data) = commit.get("data").and_then(Cbor::as_link).cloned() else {
        return Err(corrupt(
            entry,
            format!("the root block {root} is not a repository commit (no \"data\" link)"),
        ));
    };
    let did = match commit.get("did").and_then(Cbor::as_text) {
        Some(d) => d.to_string(),
        None => {
            cx.report
                .warn(format!("{entry}: the commit names no DID; owner unknown"));
            "did:unknown".to_string()
        }
    };
    let version = match commit.get("version") {
        Some(Cbor::Int(v)) => i64::try_from(*v).unwrap_or(-1),
        _ => -1,
    };
    *versions.entry(version).or_default() += 1;
    cx.report.generation = match version {
        3 => super::GENERATIONS[0].to_string(),
        2 => super::GENERATIONS[1].to_string(),
        v => format!("repo version {v} (unknown; read as v3)"),
    };

    let given = given.for_did(&did);
    let mut repo = Repo {
        entry: entry.to_string(),
        owner: given
            .and_then(|g| g.owner.clone())
            .unwrap_or_else(|| account_id(&did)),
        did,
        blobs,
        ids: HashSet::new(),
        others: BTreeSet::new(),
        gates: HashMap::new(),
        post_gates: Vec::new(),
        facet_warnings: 0,
        given,
        cur_uri: String::new(),
        held: HashMap::new(),
        given_media: HashSet::new(),
        media_refs: HashMap::new(),
    };

    // First walk: the profile and the gates, which other records join.
    let mut profile: Option<Item> = None;
    let walk = mst::walk(&data, depth, store, |store, i, leaf| {
        let (coll, rkey) = leaf.key.split_once('/').unwrap_or((leaf.key.as_str(), ""));
        if coll == THREADGATE || coll == POSTGATE {
            // only where it is: read when its post is
            repo.gates
                .entry(rkey.to_string())
                .or_default()
                .push((i, leaf));
            return Ok(());
        }
        if coll != PROFILE {
            return Ok(());
        }
        let Some(item) = repo.load(i, &leaf, store, cx)? else {
            return Ok(());
        };
        if item.rkey == "self" && profile.is_none() {
            profile = Some(item);
        } else {
            repo.keep(
                cx,
                &item,
                "a second profile record (only `self` is the profile)",
            )?;
        }
        Ok(())
    })?;
    for (i, m) in walk.missing.iter().enumerate() {
        if i < WARN_EACH {
            cx.report.warn(format!(
                "{entry}: MST node {m} is not in the CAR (a partial or diff CAR?): the records below it are missing from this import"
            ));
        }
    }
    if walk.missing_count > 0 {
        cx.report.warn(format!(
            "{entry}: {} MST node(s) missing; the repository is incomplete",
            walk.missing_count
        ));
    }
    if walk.malformed_count > walk.malformed.len() as u64 {
        cx.report.warn(format!(
            "{entry}: {} MST node(s) in all are malformed",
            walk.malformed_count
        ));
    }
    for (c, why) in walk.malformed.iter().take(WARN_EACH) {
        cx.report.warn(format!(
            "{entry}: MST node {c} is malformed ({why}): the records below it are not read"
        ));
    }
    if walk.revisits > 0 {
        cx.report.warn(format!(
            "{entry}: {} MST link(s) lead to a node already walked (cycle or forged CIDs); not walked again",
            walk.revisits
        ));
    }
    if walk.out_of_order > 0 {
        cx.report.warn(format!(
            "{entry}: {} MST key(s) out of order: not a valid tree",
            walk.out_of_order
        ));
    }
    if walk.mixed_heights > 0 {
        cx.report.warn(format!(
            "{entry}: {} MST node(s) hold keys of different heights: not a valid tree",
            walk.mixed_heights
        ));
    }
    let reachable = 1 + walk.nodes + walk.leaves;
    let unreached = (store.len() as u64).saturating_sub(reachable);
    if unreached > 0 {
        cx.report.warn(format!(
            "{entry}: {unreached} block(s) not reachable from the commit (older commits, history or extras): ignored"
        ));
    }

    let mut account = Account {
        id: repo.owner.clone(),
        network: network_of(&repo.owner),
        url: Some(profile_url(&repo.did)),
        is_owner: true,
        source: Source::entry(entry),
        ..Default::default()
    };
    let mut commit_info = Map::new();
    commit_info.insert("cid".into(), Value::String(root.to_string()));
    for (k, v) in [("version", "version"), ("rev", "rev"), ("prev", "prev")] {
        if let Some(x) = commit.get(k) {
            commit_info.insert(v.into(), x.to_json());
        }
    }
    account
        .ext
        .insert("repo_commit", Value::Object(commit_info));
    if let Some(p) = profile {
        repo.profile(&mut account, p, cx)?;
    }
    if !repo.given.is_some_and(|g| g.no_owner) {
        cx.emit(Record::Account(account))?;
    }

    // Second walk: everything else, in key order, each record mapped as it comes.
    mst::walk(&data, depth, store, |store, i, leaf| {
        if i % 4096 == 0 {
            cx.check_interrupt()?;
        }
        let coll = leaf.key.split('/').next().unwrap_or("");
        if first_pass(coll) {
            return Ok(());
        }
        let Some(item) = repo.load(i, &leaf, store, cx)? else {
            return Ok(());
        };
        if coll == POST {
            for (gi, gl) in repo.gates.remove(&item.rkey).unwrap_or_default() {
                if let Some(g) = repo.load(gi, &gl, store, cx)? {
                    repo.post_gates.push(g);
                }
            }
        }
        repo.map(item, cx)
    })?;

    // Split posts whose other parts did not all come.
    let mut held: Vec<(String, (Post, u64))> = repo.held.drain().collect();
    held.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, (p, left)) in held {
        cx.report.warn(format!(
            "{entry}: {left} part(s) of the split post {id} are missing; the post is read from the parts present"
        ));
        cx.emit(Record::Post(p))?;
    }
    // Gates whose post is not in the repository (or could not be read).
    let mut left: Vec<(u64, mst::Leaf)> = repo.gates.drain().flat_map(|(_, v)| v).collect();
    left.sort_by_key(|(i, _)| *i);
    for (gi, gl) in left {
        if let Some(g) = repo.load(gi, &gl, store, cx)? {
            repo.keep(cx, &g, "a gate for a post that is not in this repository")?;
        }
    }
    if repo.facet_warnings > WARN_EACH as u64 {
        cx.report.warn(format!(
            "{entry}: {} facet(s) in all had byte offsets that do not fall on the text's characters",
            repo.facet_warnings
        ));
    }
    // Every other account the records name.
    let others = std::mem::take(&mut repo.others);
    for did in others {
        if did == repo.did {
            continue;
        }
        cx.emit(Record::Account(Account {
            id: account_id(&did),
            network: NET.into(),
            url: Some(profile_url(&did)),
            source: Source::entry(entry),
            ..Default::default()
        }))?;
    }
    Ok(walk.leaves)
}

impl Repo<'_> {
    /// Read and decode one record; a record that cannot be read is counted (skipped or
    /// kept raw) and `None` returned.
    fn load(
        &mut self,
        index: u64,
        leaf: &mst::Leaf,
        store: &mut CarStore,
        cx: &mut Context,
    ) -> Result<Option<Item>> {
        let location = format!("{}#{}", self.entry, leaf.key);
        let (collection, rkey) = leaf.key.split_once('/').unwrap_or((leaf.key.as_str(), ""));
        let kind = kind_of(collection);
        let src = Source {
            entry: self.entry.clone(),
            index: Some(index),
            pointer: Some(format!("/{}", leaf.key)),
            ..Source::default()
        };
        if rkey.is_empty() || collection.is_empty() {
            cx.report.skipped(
                kind,
                format!("MST key {:?} is not <collection>/<rkey>", leaf.key),
                location,
            );
            return Ok(None);
        }
        let Some(block) = store.get(&leaf.value)? else {
            cx.report.skipped(
                kind,
                format!("record block {} is not in the CAR", leaf.value),
                location,
            );
            return Ok(None);
        };
        let decoded = cbor::decode(&block.data, cx.limits.max_json_depth);
        if block.verified == Some(false) {
            let raw = match &decoded {
                Ok(v) => v.to_json().to_string(),
                Err(_) => Cbor::Bytes(block.data.clone()).to_json().to_string(),
            };
            cx.report.kept_raw(kind);
            cx.sink.keep_raw(
                kind,
                &location,
                &format!(
                    "record block does not match its CID {} (corrupt or tampered): kept raw, not converted",
                    leaf.value
                ),
                raw.as_bytes(),
            )?;
            return Ok(None);
        }
        let value = match decoded {
            Ok(v) => v.to_json(),
            Err(e) => {
                cx.report
                    .skipped(kind, format!("record is not DAG-CBOR: {e}"), location);
                return Ok(None);
            }
        };
        if !value.is_object() {
            cx.report
                .skipped(kind, "record is not a map".to_string(), location);
            return Ok(None);
        }
        Ok(Some(Item {
            collection: collection.to_string(),
            rkey: rkey.to_string(),
            value,
            src,
            location,
        }))
    }

    /// Keep a record verbatim, counted as kept raw.
    fn keep(&mut self, cx: &mut Context, item: &Item, reason: &str) -> Result<()> {
        let kind = kind_of(&item.collection);
        cx.report.kept_raw(kind);
        cx.sink.keep_raw(
            kind,
            &item.location,
            reason,
            item.value.to_string().as_bytes(),
        )
    }

    /// An id not used before in this import (a repository may hold two follows of the
    /// same account: the second gets the record key appended).
    fn unique(&mut self, id: String, rkey: &str) -> String {
        if self.ids.insert(hash64(&id)) {
            return id;
        }
        let id = format!("{id}/{rkey}");
        self.ids.insert(hash64(&id));
        id
    }

    fn uri(&self, item: &Item) -> String {
        format!("at://{}/{}/{}", self.did, item.collection, item.rkey)
    }

    /// The id lifeboat's export gave the record at `uri`, if any.
    fn given_id(&self, uri: &str) -> Option<String> {
        Some(self.given?.id(uri)?.id.clone())
    }

    /// The account id of a DID: the owner's for the repository's own.
    fn account(&self, did: &str) -> String {
        if did == self.did {
            self.owner.clone()
        } else {
            account_id(did)
        }
    }

    fn map(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        match item.collection.as_str() {
            POST => self.post(item, cx),
            REPOST => self.repost(item, cx),
            LIKE | VOTE => self.like(item, cx),
            FOLLOW => self.relationship(item, "following", cx),
            BLOCK => self.relationship(item, "block", cx),
            LIST => self.list(item, cx),
            LISTITEM => self.list_item(item, cx),
            _ => self.keep(cx, &item, "collection lifeboat does not map: kept verbatim"),
        }
    }

    fn note_account(&mut self, did_or_uri: &str) {
        let did = uri_authority(did_or_uri).unwrap_or(did_or_uri);
        if did.starts_with("did:") && self.others.len() < 1_000_000 {
            self.others.insert(did.to_string());
        }
    }
}

/// The web URL of a post AT-URI.
fn post_web_url(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.split('/');
    let (who, coll, rkey) = (parts.next()?, parts.next()?, parts.next()?);
    (coll == POST).then(|| format!("https://bsky.app/profile/{who}/post/{rkey}"))
}

#[cfg(test)]
mod tests;
