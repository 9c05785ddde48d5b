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

    fn profile(&mut self, a: &mut Account, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        a.source = item.src.clone();
        self.cur_uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        a.display_name = m
            .remove("displayName")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        a.bio = m
            .remove("description")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        let created = m.remove("createdAt");
        a.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut a.raw_times,
        );
        for (field, path) in [("avatar", "avatar"), ("banner", "banner")] {
            let Some(b) = m.get(field).and_then(blob_ref) else {
                continue;
            };
            let url = format!(
                "https://cdn.bsky.app/img/{path}/plain/{}/{}@jpeg",
                self.did, b.cid
            );
            if field == "avatar" {
                a.avatar_url = Some(url);
            } else {
                a.header_url = Some(url);
            }
            let blob = m.get(field).cloned().unwrap_or(Value::Null);
            self.media(&blob, "photo", None, &a.id.clone(), &item.src, field, cx)?;
        }
        // pinnedPost, labels, joinedViaStarterPack and the blob refs stay in ext
        a.ext.extend(Ext::from_map(m));
        // the profile record itself is converted into the owner account
        Ok(())
    }

    /// A media record for a blob reference; returns its id.
    #[allow(clippy::too_many_arguments)]
    fn media(
        &mut self,
        blob: &Value,
        hint: &str,
        alt: Option<String>,
        attached: &str,
        src: &Source,
        what: &str,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let Some(b) = blob_ref(blob) else {
            return Ok(None);
        };
        let given = match self.given.and_then(|g| g.media(&self.cur_uri, &b.cid)) {
            Some(ids) => {
                let n = self
                    .media_refs
                    .entry((self.cur_uri.clone(), b.cid.clone()))
                    .or_default();
                let id = ids.get(*n).or(ids.last()).cloned();
                *n += 1;
                id
            }
            None => None,
        };
        let id = match given {
            Some(id) => {
                self.blobs.used.insert(b.cid.clone());
                // one media record attached to several posts is read once
                if !self.given_media.insert(id.clone()) {
                    return Ok(Some(id));
                }
                id
            }
            None => self.media_id(&b.cid, attached, what),
        };
        let mut m = Media {
            network: network_of(&id),
            id: id.clone(),
            kind: media_kind(b.mime.as_deref(), hint),
            alt_text: alt.filter(|s| !s.is_empty()),
            attached_to: vec![attached.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        m.ext.insert("blob", blob.clone());
        if let Some(f) = self.blobs.files.get(&b.cid) {
            m.set_file(
                f.entry.clone(),
                f.stored.sha256.clone(),
                f.stored.bytes,
                f.stored.path.clone(),
            );
        } else {
            m.missing = true;
            let why = if self.blobs.bad.contains_key(&b.cid) {
                "is in the dump but its bytes do not match the CID"
            } else {
                "is referenced but not in the dump"
            };
            cx.report
                .missing_media(format!("blob {} ({what} of {attached}) {why}", b.cid));
        }
        if b.mime.is_some() {
            m.mime = b.mime;
        }
        cx.emit(Record::Media(m))?;
        Ok(Some(id))
    }

    /// The id of a blob's media record: its CID, or, for a blob used again, its CID
    /// and the record using it.
    fn media_id(&mut self, cid: &str, attached: &str, what: &str) -> String {
        let native = if self.blobs.used.insert(cid.to_string()) {
            cid.to_string()
        } else {
            // the native part of the record id (`bluesky:post:<native>`)
            let owner = attached.splitn(3, ':').nth(2).unwrap_or(attached);
            format!("{cid}@{owner}")
        };
        self.unique(
            record_id(NET, Kind::Media, &native),
            &what.replace(' ', "-"),
        )
    }

    fn note_account(&mut self, did_or_uri: &str) {
        let did = uri_authority(did_or_uri).unwrap_or(did_or_uri);
        if did.starts_with("did:") && self.others.len() < 1_000_000 {
            self.others.insert(did.to_string());
        }
    }

    /// A post's record id from an AT-URI; the author is noted as an account.
    fn post_ref(&mut self, uri: &str) -> (String, Option<String>) {
        self.note_account(uri);
        (
            self.given_id(uri)
                .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(uri))),
            uri_authority(uri).map(|a| self.account(a)),
        )
    }

    fn post(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        self.cur_uri = uri.clone();
        let part = self.given.and_then(|g| g.id(&uri)).cloned();
        let id = match &part {
            Some(g) => g.id.clone(),
            None => record_id(NET, Kind::Post, uri_native(&uri)),
        };
        let mut p = Post {
            id: id.clone(),
            network: network_of(&id),
            author: self.owner.clone(),
            url: Some(format!(
                "https://bsky.app/profile/{}/post/{}",
                self.did, item.rkey
            )),
            visibility: Visibility::Public,
            source: item.src.clone(),
            ..Default::default()
        };
        p.text = match m.remove("text") {
            Some(Value::String(s)) => s,
            Some(other) => {
                m.insert("text".into(), other);
                String::new()
            }
            None => String::new(),
        };
        let created = m.remove("createdAt");
        p.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut p.raw_times,
        );
        if p.created_at.is_none() {
            if let Some(us) = tid_micros(&item.rkey) {
                p.created_at = Timestamp::from_millis(us / 1000);
                p.ext
                    .insert("created_at_from", Value::String("record key (TID)".into()));
            }
        }
        if let Some(Value::Array(langs)) = m.get("langs") {
            p.lang = langs.first().and_then(Value::as_str).map(str::to_string);
            if langs.len() <= 1 {
                m.remove("langs");
            }
        }
        if let Some(Value::Array(tags)) = m.remove("tags") {
            p.tags
                .extend(tags.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(reply) = m.get("reply").cloned() {
            if let Some(parent) = reply.get("parent").and_then(|v| get_str(v, "uri")) {
                let (pid, acc) = self.post_ref(parent);
                p.reply_to = Some(pid);
                p.reply_to_account = acc;
            }
            if let Some(root) = reply.get("root").and_then(|v| get_str(v, "uri")) {
                let (rid, _) = self.post_ref(root);
                p.ext.insert("reply_root", Value::String(rid));
            }
        }
        if let Some(facets) = m.get("facets").cloned() {
            self.facets(&facets, &mut p, &item.location, cx);
        }
        if let Some(entities) = m.get("entities").cloned() {
            self.entities(&entities, &mut p);
        }
        if let Some(embed) = m.get("embed").cloned() {
            self.embed(&embed, &mut p, &item.src, cx, 0)?;
        }
        if let Some(labels) = m.get("labels") {
            let n = labels
                .get("values")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if n > 0 {
                p.sensitive = Some(true);
            }
        }
        // facets, embed, reply, labels, langs (several) and unknown fields stay verbatim
        p.ext.extend(Ext::from_map(m));
        // threadgate and postgate of this post (read by the walk just before it)
        for g in std::mem::take(&mut self.post_gates) {
            let field = if g.collection == THREADGATE {
                "threadgate"
            } else {
                "postgate"
            };
            p.ext.insert(field, g.value);
            // the gate record is converted into its post's ext
            cx.report.converted(Kind::Post);
        }
        match part.and_then(|g| g.part) {
            Some((1, of)) if of > 1 => {
                // the first part of a post lifeboat split: the others follow
                self.held.insert(id, (p, of - 1));
                Ok(())
            }
            Some((_, _)) if self.held.contains_key(&id) => self.join_part(p, cx),
            _ => cx.emit(Record::Post(p)),
        }
    }

    /// A later part of a post lifeboat's export split into a thread: its text, links,
    /// mentions, tags and media join the first part's (the parts put together are the
    /// text, byte for byte); the part itself is converted into that post.
    fn join_part(&mut self, part: Post, cx: &mut Context) -> Result<()> {
        let Some((mut p, left)) = self.held.remove(&part.id) else {
            return cx.emit(Record::Post(part));
        };
        p.text.push_str(&part.text);
        p.links.extend(part.links);
        p.mentions.extend(part.mentions);
        for t in part.tags {
            if !p.tags.contains(&t) {
                p.tags.push(t);
            }
        }
        p.media.extend(part.media);
        cx.report.converted(Kind::Post);
        if left <= 1 {
            cx.emit(Record::Post(p))
        } else {
            self.held.insert(p.id.clone(), (p, left - 1));
            Ok(())
        }
    }

    fn facets(&mut self, facets: &Value, p: &mut Post, location: &str, cx: &mut Context) {
        let Some(list) = facets.as_array() else {
            return;
        };
        // a set, not `Vec::contains`: a hostile post may hold many thousand tags
        let mut seen_tags: HashSet<String> = p.tags.iter().cloned().collect();
        for f in list {
            let idx = f.get("index");
            let start = idx.and_then(|i| i.get("byteStart")).and_then(Value::as_u64);
            let end = idx.and_then(|i| i.get("byteEnd")).and_then(Value::as_u64);
            let span = match (start, end) {
                (Some(s), Some(e)) => usize::try_from(s)
                    .ok()
                    .zip(usize::try_from(e).ok())
                    .and_then(|(s, e)| p.text.get(s..e)),
                _ => None,
            }
            .map(str::to_string);
            if span.is_none() {
                self.facet_warnings += 1;
                if self.facet_warnings <= WARN_EACH as u64 {
                    cx.report.warn(format!(
                        "{location}: facet byte offsets {}..{} do not fall on the text's characters; the feature is kept without its text span",
                        start.map_or("?".into(), |v| v.to_string()),
                        end.map_or("?".into(), |v| v.to_string()),
                    ));
                }
            }
            let Some(features) = f.get("features").and_then(Value::as_array) else {
                continue;
            };
            for feat in features {
                let ty = get_str(feat, "$type").unwrap_or("");
                if let Some(did) =
                    get_str(feat, "did").filter(|_| ty.ends_with("#mention") || ty.is_empty())
                {
                    let handle = span
                        .as_deref()
                        .map(|s| s.trim_start_matches('@').to_string())
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| did.to_string());
                    self.note_account(did);
                    p.mentions.push(Mention {
                        handle,
                        account: Some(self.account(did)),
                        display_name: None,
                    });
                } else if let Some(url) = get_str(feat, "uri") {
                    p.links.push(Link {
                        url: url.to_string(),
                        short_url: None,
                        display: span.clone(),
                    });
                } else if let Some(tag) = get_str(feat, "tag") {
                    let tag = tag.trim_start_matches('#').to_string();
                    if seen_tags.insert(tag.clone()) {
                        p.tags.push(tag);
                    }
                }
            }
        }
    }

    /// Legacy (≤ March 2023) `entities`: mentions and links with their values.
    fn entities(&mut self, entities: &Value, p: &mut Post) {
        let Some(list) = entities.as_array() else {
            return;
        };
        for e in list {
            let Some(value) = get_str(e, "value") else {
                continue;
            };
            let span = e.get("index").and_then(|i| {
                let s = usize::try_from(i.get("start")?.as_u64()?).ok()?;
                let t = usize::try_from(i.get("end")?.as_u64()?).ok()?;
                p.text.get(s..t).map(str::to_string)
            });
            match get_str(e, "type") {
                Some("mention") => {
                    self.note_account(value);
                    p.mentions.push(Mention {
                        handle: span
                            .map(|s| s.trim_start_matches('@').to_string())
                            .unwrap_or_else(|| value.to_string()),
                        account: Some(account_id(value)),
                        display_name: None,
                    });
                }
                Some("link") => p.links.push(Link {
                    url: value.to_string(),
                    short_url: None,
                    display: span,
                }),
                _ => {}
            }
        }
    }

    fn embed(
        &mut self,
        embed: &Value,
        p: &mut Post,
        src: &Source,
        cx: &mut Context,
        depth: u8,
    ) -> Result<()> {
        let ty = get_str(embed, "$type").unwrap_or("");
        match ty {
            "app.bsky.embed.images" => {
                let images = embed.get("images").and_then(Value::as_array);
                for (i, img) in images.into_iter().flatten().enumerate() {
                    let alt = get_str(img, "alt").map(str::to_string);
                    if let Some(blob) = img.get("image") {
                        let what = format!("image {}", i + 1);
                        let id = p.id.clone();
                        if let Some(mid) = self.media(blob, "photo", alt, &id, src, &what, cx)? {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.video" => {
                if let Some(blob) = embed.get("video") {
                    let alt = get_str(embed, "alt").map(str::to_string);
                    let id = p.id.clone();
                    if let Some(mid) = self.media(blob, "video", alt, &id, src, "video", cx)? {
                        p.media.push(mid);
                    }
                }
                // captions: one text track per language
                let captions = embed.get("captions").and_then(Value::as_array);
                for (i, c) in captions.into_iter().flatten().enumerate() {
                    if let Some(file) = c.get("file") {
                        let lang = get_str(c, "lang").unwrap_or("und");
                        let what = format!("captions {} ({lang})", i + 1);
                        let id = p.id.clone();
                        if let Some(mid) =
                            self.media(file, "document", None, &id, src, &what, cx)?
                        {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.external" => {
                if let Some(ext) = embed.get("external") {
                    if let Some(uri) = get_str(ext, "uri") {
                        if !p.links.iter().any(|l| l.url == uri) {
                            p.links.push(Link {
                                url: uri.to_string(),
                                short_url: None,
                                display: get_str(ext, "title")
                                    .filter(|s| !s.is_empty())
                                    .map(str::to_string),
                            });
                        }
                    }
                    if let Some(thumb) = ext.get("thumb") {
                        let id = p.id.clone();
                        if let Some(mid) =
                            self.media(thumb, "photo", None, &id, src, "link card thumbnail", cx)?
                        {
                            p.media.push(mid);
                        }
                    }
                }
            }
            "app.bsky.embed.record" => {
                if let Some(uri) = embed.get("record").and_then(|r| get_str(r, "uri")) {
                    if uri_collection(uri) == Some(POST) {
                        let (qid, _) = self.post_ref(uri);
                        p.quote_of = Some(qid);
                    }
                }
            }
            "app.bsky.embed.recordWithMedia" if depth == 0 => {
                if let Some(rec) = embed.get("record") {
                    // {"$type": "app.bsky.embed.record", "record": strongRef}
                    let inner = rec.get("record").unwrap_or(rec);
                    if let Some(uri) = get_str(inner, "uri") {
                        if uri_collection(uri) == Some(POST) {
                            let (qid, _) = self.post_ref(uri);
                            p.quote_of = Some(qid);
                        }
                    }
                }
                if let Some(media) = embed.get("media") {
                    self.embed(media, p, src, cx, depth + 1)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn repost(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let id = self
            .given_id(&uri)
            .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(&uri)));
        let mut p = Post {
            network: network_of(&id),
            id,
            author: self.owner.clone(),
            visibility: Visibility::Public,
            source: item.src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        p.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut p.raw_times,
        );
        match m.get("subject").and_then(|s| get_str(s, "uri")) {
            Some(target) => {
                let target = target.to_string();
                let (pid, acc) = self.post_ref(&target);
                p.repost_of = Some(pid);
                p.repost_of_account = acc;
            }
            None => {
                return self.keep(
                    cx,
                    &item_back(item.collection, item.rkey, m, item.src, item.location),
                    "repost without a subject URI",
                );
            }
        }
        // subject (with its CID) and via stay verbatim
        p.ext.extend(Ext::from_map(m));
        cx.emit(Record::Post(p))
    }

    fn like(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let Some(target) = m
            .get("subject")
            .and_then(|s| get_str(s, "uri"))
            .map(str::to_string)
        else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "like without a subject URI",
            );
        };
        self.note_account(&target);
        let kind = match (
            item.collection.as_str(),
            m.get("direction").and_then(Value::as_str),
        ) {
            (VOTE, Some("down")) => "downvote",
            _ => "like",
        };
        let target_id = if uri_collection(&target) == Some(POST) {
            self.given_id(&target)
                .unwrap_or_else(|| record_id(NET, Kind::Post, uri_native(&target)))
        } else {
            target.clone()
        };
        let uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        let id = match self.given_id(&uri) {
            Some(id) => id,
            None => self.unique(
                record_id(
                    NET,
                    Kind::Reaction,
                    &format!("{kind}/{}/{}", self.did, uri_native(&target)),
                ),
                &item.rkey,
            ),
        };
        let mut r = Reaction {
            network: network_of(&id),
            id,
            kind: kind.into(),
            actor: self.owner.clone(),
            target: target_id,
            target_url: post_web_url(&target),
            source: item.src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        r.created_at = time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut r.raw_times,
        );
        r.ext.insert("rkey", Value::String(item.rkey.clone()));
        r.ext.extend(Ext::from_map(m));
        cx.emit(Record::Reaction(r))
    }

    fn relationship(&mut self, item: Item, kind: &str, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let Some(subject) = m.get("subject").and_then(Value::as_str).map(str::to_string) else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "follow or block without a subject DID",
            );
        };
        m.remove("subject");
        self.note_account(&subject);
        let uri = format!("at://{}/{}/{}", self.did, item.collection, item.rkey);
        let id = match self.given_id(&uri) {
            Some(id) => id,
            None => self.unique(
                record_id(
                    NET,
                    Kind::Relationship,
                    &format!("{kind}/{}/{subject}", self.did),
                ),
                &item.rkey,
            ),
        };
        let object = self.account(&subject);
        self.emit_relationship(
            id,
            kind,
            self.owner.clone(),
            object,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }

    fn list(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let uri = self.uri(&item);
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let id = self.unique(
            record_id(
                NET,
                Kind::Relationship,
                &format!("list_owner/{}/{}", self.did, uri_native(&uri)),
            ),
            &item.rkey,
        );
        // name, purpose, description, avatar stay verbatim in ext
        self.emit_relationship(
            id,
            "list_owner",
            self.owner.clone(),
            uri,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }

    /// A relationship from what is left of a repository record: `createdAt` is its
    /// time, its rkey and every other field stay in `ext`.
    #[allow(clippy::too_many_arguments)]
    fn emit_relationship(
        &mut self,
        id: String,
        kind: &str,
        subject: String,
        object: String,
        rkey: &str,
        src: &Source,
        mut m: Map<String, Value>,
        cx: &mut Context,
    ) -> Result<()> {
        let mut r = Relationship {
            network: network_of(&id),
            id,
            kind: kind.into(),
            subject,
            object,
            source: src.clone(),
            ..Default::default()
        };
        let created = m.remove("createdAt");
        r.since = time(
            created.as_ref().and_then(Value::as_str),
            "since",
            &mut r.raw_times,
        );
        r.ext.insert("rkey", Value::String(rkey.to_string()));
        r.ext.extend(Ext::from_map(m));
        cx.emit(Record::Relationship(r))
    }

    fn list_item(&mut self, item: Item, cx: &mut Context) -> Result<()> {
        let Value::Object(mut m) = item.value else {
            return Ok(());
        };
        m.remove("$type");
        let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(subject), Some(list)) = (text("subject"), text("list")) else {
            return self.keep(
                cx,
                &item_back(item.collection, item.rkey, m, item.src, item.location),
                "list item without a subject DID or a list URI",
            );
        };
        m.remove("subject");
        m.remove("list");
        self.note_account(&subject);
        let id = self.unique(
            record_id(
                NET,
                Kind::Relationship,
                &format!("list_member/{subject}/{}", uri_native(&list)),
            ),
            &item.rkey,
        );
        self.emit_relationship(
            id,
            "list_member",
            account_id(&subject),
            list,
            &item.rkey,
            &item.src,
            m,
            cx,
        )
    }
}

/// Put a record's fields back together (to keep it raw after it was taken apart).
fn item_back(
    collection: String,
    rkey: String,
    m: Map<String, Value>,
    src: Source,
    location: String,
) -> Item {
    Item {
        collection,
        rkey,
        value: Value::Object(m),
        src,
        location,
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
mod tests {
    use super::*;

    #[test]
    fn tid_times() {
        // 3kly5whjwmc2v ≈ 2024-02-22T04:35
        let us = tid_micros("3kly5whjwmc2v").unwrap();
        let t = Timestamp::from_millis(us / 1000).unwrap().to_rfc3339();
        assert!(t.starts_with("2024-02-22T04:35"), "{t}");
        assert_eq!(tid_micros("self"), None);
        assert_eq!(tid_micros("zzzzzzzzzzzzz"), None);
    }

    #[test]
    fn every_valid_interop_datetime_parses() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../shared/reference/bluesky/fixtures/interop-tests/syntax/datetime_syntax_valid.txt",
        );
        let Ok(text) = std::fs::read_to_string(p) else {
            eprintln!("interop vectors not found; skipped");
            return;
        };
        let mut n = 0;
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut raw = RawTimes::new();
            assert!(time(Some(line), "t", &mut raw).is_some(), "{line}");
            n += 1;
        }
        assert!(n > 30);
        let mut raw = RawTimes::new();
        let t = time(Some("1985-04-12T23:20:50.1235678912345Z"), "t", &mut raw).unwrap();
        assert_eq!(t.to_rfc3339(), "1985-04-12T23:20:50.123Z");
        assert_eq!(raw["t"], "1985-04-12T23:20:50.1235678912345Z");
    }

    #[test]
    fn every_valid_interop_tid_decodes() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/bluesky/fixtures/interop-tests/syntax/tid_syntax_valid.txt");
        let Ok(text) = std::fs::read_to_string(p) else {
            return;
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(tid_micros(line).is_some(), "{line}");
        }
    }

    #[test]
    fn uris() {
        let u = "at://did:plc:abc/app.bsky.feed.post/3k";
        assert_eq!(uri_native(u), "did:plc:abc/app.bsky.feed.post/3k");
        assert_eq!(uri_authority(u), Some("did:plc:abc"));
        assert_eq!(uri_collection(u), Some(POST));
        assert_eq!(
            post_web_url(u).as_deref(),
            Some("https://bsky.app/profile/did:plc:abc/post/3k")
        );
        assert_eq!(uri_authority("at://"), None);
    }

    #[test]
    fn blob_refs_current_and_legacy() {
        let cur: Value = serde_json::json!({"$type": "blob", "ref": {"$link": "bafkreiabc"}, "mimeType": "image/png", "size": 3});
        let b = blob_ref(&cur).unwrap();
        assert_eq!(
            (b.cid.as_str(), b.mime.as_deref()),
            ("bafkreiabc", Some("image/png"))
        );
        let old: Value = serde_json::json!({"cid": "bafkreixyz", "mimeType": "image/jpeg"});
        assert_eq!(blob_ref(&old).unwrap().cid, "bafkreixyz");
        assert!(blob_ref(&serde_json::json!({"mimeType": "x"})).is_none());
    }
}
