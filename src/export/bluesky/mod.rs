//! Bluesky: the archive as an AT Protocol repository (`--to bluesky`), a folder of
//!
//! * `repo.car`: a version 3 repository (CAR v1, one root: the commit), whose records
//!   are `app.bsky.feed.post` (text, facets, langs, replies, quotes, images, video),
//!   `app.bsky.feed.repost`, `app.bsky.feed.like`, `app.bsky.graph.follow` and
//!   `app.bsky.actor.profile`, keyed by TIDs derived from their original times, in a
//!   Merkle Search Tree built per the repository spec, the commit signed with
//!   `--signing-key` (or unsigned: an empty `sig`, and the report says so);
//! * `blobs/<cid>`: every media file a record refers to, cleaned of location and
//!   camera metadata as for every public export, named by its raw CID;
//! * `mapping.jsonl`: each archive record id → the AT URI and CID it became (a post
//!   split into a thread has one line per part), each media id → its blob; lifeboat's
//!   Bluesky importer reads it back, so ids survive a round trip;
//! * `losses.jsonl`: one line per record that was split, left out, or lost a part.
//!
//! Publishing follows every public format: only the archive's own public posts
//! unless `--include` widens it; no direct messages; no blocks, mutes, bookmarks.

mod facets;
mod media;
mod records;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fidelity::settle;
use super::out::{create, create_folder};
use super::{network_of, Book, Ctx, Format};
use crate::atproto::cbor::Cbor;
use crate::atproto::cid::Cid;
use crate::error::{Error, Result};
use crate::model::{
    record_id, Account, Ext, Kind, Link, Media, Mention, Post, Reaction, Record, Relationship,
    Timestamp, Visibility,
};

use crate::atproto::cbor_write::{block, encode, map, text};
use crate::atproto::{car_write, mst_build, sign, tid};
use facets::Feature;
use media::{Blobs, Use};
use records::{Blob, Embed, PostRecord, StrongRef};

/// The mapping file (lifeboat's Bluesky importer reads it back).
pub const MAPPING: &str = "mapping.jsonl";
/// The per-record loss file.
pub const LOSSES: &str = "losses.jsonl";
/// The DID written when neither `--did`, the owner, nor a signing key gives one.
pub const PLACEHOLDER_DID: &str = "did:web:unassigned.invalid";

const LIKE: &str = "app.bsky.feed.like";

/// What the user gives for a Bluesky export.
#[derive(Clone, Debug, Default)]
pub struct BlueskyOptions {
    /// The repository's DID (`did:plc:…` or `did:web:…`).
    pub did: Option<String>,
    /// The signing key: a multibase (`z…`) secp256k1 or P-256 private key.
    pub signing_key: Option<String>,
}

/// A record written: its key in the tree, CID, and where its bytes lie in the
/// scratch file.
struct Rec {
    key: String,
    cid: Cid,
    offset: u64,
    len: usize,
}

/// The scratch file of record blocks: each record's bytes are written there as it is
/// made, so memory does not grow with them; the CAR copies them back in key order.
/// The file lies in the output folder and is removed when this is dropped (also on
/// error).
struct Scratch {
    path: std::path::PathBuf,
    w: Option<std::io::BufWriter<std::fs::File>>,
    /// Bytes written so far.
    end: u64,
}

impl Scratch {
    const NAME: &'static str = ".lifeboat-blocks";

    fn new(out: &Path) -> Result<Scratch> {
        let path = out.join(Scratch::NAME);
        let f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Scratch {
            w: Some(std::io::BufWriter::with_capacity(1 << 16, f)),
            path,
            end: 0,
        })
    }

    /// Append one block; its offset.
    fn append(&mut self, bytes: &[u8]) -> Result<u64> {
        let at = self.end;
        let w = self
            .w
            .as_mut()
            .ok_or_else(|| Error::Usage("the scratch file is already closed".into()))?;
        w.write_all(bytes).map_err(|e| Error::io(&self.path, e))?;
        self.end += bytes.len() as u64;
        Ok(at)
    }

    /// Stop writing; a reader of what was written.
    fn reader(&mut self) -> Result<std::fs::File> {
        if let Some(w) = self.w.take() {
            w.into_inner()
                .map_err(|e| Error::io(&self.path, e.into_error()))?;
        }
        std::fs::File::open(&self.path).map_err(|e| Error::io(&self.path, e))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.w = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A post written: the strong reference of its first part, of its thread's root, and
/// of its last part (where a reply to a split post would continue).
#[derive(Clone)]
struct Written {
    first: StrongRef,
    root: StrongRef,
}

/// Per-record lines of `losses.jsonl`.
struct LossLog<W: Write> {
    w: W,
}

impl<W: Write> LossLog<W> {
    fn line(&mut self, v: Value, path: &Path) -> Result<()> {
        let mut s = v.to_string();
        s.push('\n');
        self.w
            .write_all(s.as_bytes())
            .map_err(|e| Error::io(path, e))
    }
}

/// Write the repository folder.
pub(crate) fn repo(ctx: &Ctx, out: &Path, book: &mut Book, opts: &BlueskyOptions) -> Result<()> {
    let key = match opts.signing_key.as_deref().filter(|k| !k.trim().is_empty()) {
        Some(k) => Some(sign::Key::parse(k).map_err(Error::Usage)?),
        None => None,
    };
    let did = choose_did(ctx, opts, key.as_ref())?;
    create_folder(out, Format::Bluesky)?;
    let mut w = Writer {
        ctx,
        did: did.clone(),
        owner_id: ctx.owner.as_ref().map(|o| o.id.clone()),
        tids: tid::Tids::default(),
        recs: Vec::new(),
        scratch: Scratch::new(out)?,
        written: HashMap::new(),
        media_blob: HashMap::new(),
        profile: None,
        media_unwritten: HashMap::new(),
        map_out: LossLog {
            w: create(&out.join(MAPPING))?,
        },
        map_path: out.join(MAPPING),
        id_by_uri: HashMap::new(),
        dids_named: HashSet::new(),
        blobs: Blobs::new(&out.join("blobs"))?,
        losses: LossLog {
            w: create(&out.join(LOSSES))?,
        },
        losses_path: out.join(LOSSES),
    };
    // `owner: null`: the archive has no owner account (a site, a forum capture)
    w.map_line(json!({"lifeboat_mapping": 1, "did": did, "owner": w.owner_id}))?;
    w.posts(book)?;
    w.reactions(book)?;
    w.follows(book)?;
    w.profile(book)?;
    ctx.count_unexpressed(
        book,
        &[Kind::Conversation],
        "conversations are private: a repository holds none",
    )?;
    // the tree, the commit, the CAR
    w.recs.sort_by(|a, b| a.key.cmp(&b.key));
    let leaves: Vec<(String, Cid)> = w
        .recs
        .iter()
        .map(|r| (r.key.clone(), r.cid.clone()))
        .collect();
    let tree = mst_build::build(&leaves).map_err(|e| Error::Usage(format!("MST: {e}")))?;
    let rev = w.rev();
    let mut commit: Vec<(String, Cbor)> = vec![
        ("did".into(), text(&did)),
        ("version".into(), Cbor::Int(3)),
        ("data".into(), Cbor::Link(tree.root.clone())),
        ("rev".into(), text(&rev)),
        ("prev".into(), Cbor::Null),
    ];
    let unsigned = encode(&Cbor::Map(commit.clone())).map_err(Error::Usage)?;
    let sig = match &key {
        Some(k) => {
            book.note(format!(
                "the commit is signed with the {} key {}; the repository verifies against a DID document that lists it",
                k.curve(),
                k.did_key()
            ));
            k.sign(&unsigned)
        }
        None => {
            book.note(
                "the commit is unsigned (empty signature): give --signing-key (multibase secp256k1 or P-256 private key) to sign it",
            );
            Vec::new()
        }
    };
    commit.push(("sig".into(), Cbor::Bytes(sig)));
    let (commit_cid, commit_bytes) = block(&Cbor::Map(commit)).map_err(Error::Usage)?;
    let car_path = out.join("repo.car");
    let f = create(&car_path)?;
    let io = |e| Error::io(&car_path, e);
    let mut car = car_write::CarWriter::new(f, &commit_cid).map_err(io)?;
    car.block(&commit_cid, &commit_bytes).map_err(io)?;
    for (c, b) in &tree.nodes {
        car.block(c, b).map_err(io)?;
    }
    let mut blocks = w.scratch.reader()?;
    let mut buf = Vec::new();
    for r in &w.recs {
        buf.resize(r.len, 0);
        blocks
            .seek(SeekFrom::Start(r.offset))
            .and_then(|_| blocks.read_exact(&mut buf))
            .map_err(|e| Error::io(&w.scratch.path, e))?;
        car.block(&r.cid, &buf).map_err(io)?;
    }
    car.finish().map_err(io)?;
    drop(blocks);
    w.accounts_fidelity(book, &commit_cid, &rev)?;
    w.media_fidelity(book)?;
    // the mapping's last line: the commit (informative; the importer reads the head)
    w.map_line(json!({"commit": commit_cid.to_string(), "rev": rev}))?;
    w.map_out.w.flush().map_err(|e| Error::io(&w.map_path, e))?;
    w.losses
        .w
        .flush()
        .map_err(|e| Error::io(&w.losses_path, e))?;
    if did == PLACEHOLDER_DID {
        book.note(format!(
            "the repository's DID is a placeholder ({PLACEHOLDER_DID}): give --did with the account's DID before importing it anywhere"
        ));
    }
    book.note(format!(
        "{} records in repo.car, {} blob files in blobs/ (upload them after importing the repository: a CAR holds no blobs); ids in {MAPPING}, per-record losses in {LOSSES}",
        w.recs.len(),
        w.blobs.files()
    ));
    Ok(())
}

/// The repository's DID: `--did`, the owner's when it is a Bluesky account, the
/// signing key's `did:key`, or a placeholder.
fn choose_did(ctx: &Ctx, opts: &BlueskyOptions, key: Option<&sign::Key>) -> Result<String> {
    if let Some(d) = opts.did.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        if !facets::valid_did(d) {
            return Err(Error::Usage(format!(
                "--did {d:?} is not a DID (did:plc:… or did:web:…)"
            )));
        }
        return Ok(d.to_string());
    }
    if let Some(d) = ctx
        .owner
        .as_ref()
        .and_then(|o| facets::did_of_account(&o.id))
    {
        return Ok(d.to_string());
    }
    Ok(key
        .map(sign::Key::did_key)
        .unwrap_or_else(|| PLACEHOLDER_DID.to_string()))
}

struct Writer<'a, 'c, W: Write> {
    ctx: &'a Ctx<'c>,
    did: String,
    owner_id: Option<String>,
    tids: tid::Tids,
    recs: Vec<Rec>,
    scratch: Scratch,
    /// Posts written, by record id.
    written: HashMap<String, Written>,
    /// Media written as blobs: by media id, the blob and the record it is attached to.
    media_blob: HashMap<String, (Blob, String, String)>,
    /// The profile's avatar and banner: (media id, blob).
    profile: Option<ProfileOut>,
    /// Media not written, by id: why.
    media_unwritten: HashMap<String, String>,
    map_out: LossLog<W>,
    map_path: std::path::PathBuf,
    /// The id of each post's first part, by its AT URI.
    id_by_uri: HashMap<String, String>,
    /// Other accounts (DIDs) the records written name: they come back as accounts.
    dids_named: HashSet<String>,
    blobs: Blobs,
    losses: LossLog<W>,
    losses_path: std::path::PathBuf,
}

/// The profile record written, with its avatar and banner (media id, blob).
type ProfileOut = (Cbor, Option<(String, Blob)>, Option<(String, Blob)>);

/// A post waiting for a post it refers to (its parent, root or quoted post).
struct Pending {
    post: Post,
}

/// The microseconds of a time (0 before 1970: a TID cannot hold earlier times).
fn micros(t: Option<&Timestamp>) -> i64 {
    t.map_or(0, |t| t.millis().saturating_mul(1000))
}

/// The `createdAt` of a record: the original string when it is a valid datetime
/// already, else the time in RFC 3339 (`None` without a time).
fn created_at(t: Option<&Timestamp>, raw: Option<&String>) -> Option<String> {
    if let Some(r) = raw {
        if r.len() <= 64 && r.contains('T') && Timestamp::parse(r).is_some() && r.ends_with('Z') {
            return Some(r.clone());
        }
    }
    t.and_then(records::datetime)
}

/// A strong reference kept by lifeboat's Bluesky importer in `ext` (`subject`,
/// `reply.parent`, `embed.record`): `{uri, cid}` of a record in another repository.
fn ext_ref(v: &Value) -> Option<StrongRef> {
    let uri = v.get("uri")?.as_str()?;
    let cid = Cid::parse(v.get("cid")?.as_str()?).ok()?;
    (uri.starts_with("at://") && uri.len() < 8192).then(|| StrongRef {
        uri: uri.to_string(),
        cid,
    })
}

impl<W: Write> Writer<'_, '_, W> {
    fn uri(&self, collection: &str, rkey: &str) -> String {
        format!("at://{}/{collection}/{rkey}", self.did)
    }

    /// The commit's `rev`: a TID after every record's.
    fn rev(&self) -> String {
        let latest = self.ctx.now.millis().saturating_mul(1000);
        tid::encode(u64::try_from(latest).unwrap_or(0), 0)
    }

    fn push(&mut self, collection: &str, rkey: &str, v: &Cbor) -> Result<StrongRef> {
        let (cid, bytes) = block(v).map_err(Error::Usage)?;
        let offset = self.scratch.append(&bytes)?;
        self.recs.push(Rec {
            key: format!("{collection}/{rkey}"),
            cid: cid.clone(),
            offset,
            len: bytes.len(),
        });
        Ok(StrongRef {
            uri: self.uri(collection, rkey),
            cid,
        })
    }

    fn map_line(&mut self, v: Value) -> Result<()> {
        let p = self.map_path.clone();
        self.map_out.line(v, &p)
    }

    fn loss(&mut self, v: Value) -> Result<()> {
        let p = self.losses_path.clone();
        self.losses.line(v, &p)
    }

    // ---------------------------------------------------------------- posts

    /// Every selected post, parents before their replies.
    fn posts(&mut self, book: &mut Book) -> Result<()> {
        // which posts are written, to know whether a reference stays in the repository
        let mut selected: HashSet<String> = HashSet::new();
        let mut scratch = Book::default();
        self.ctx.each_post(&mut scratch, |p, _| {
            selected.insert(p.id.clone());
            Ok(())
        })?;
        // a post waits for the posts of the repository it refers to
        let mut waiting: HashMap<String, Vec<Pending>> = HashMap::new();
        let mut ready: Vec<Post> = Vec::new();
        let ctx = self.ctx;
        ctx.each_post(book, |p, book| {
            ready.push(p);
            while let Some(p) = ready.pop() {
                let dep = [&p.reply_to, &p.quote_of, &p.repost_of]
                    .into_iter()
                    .flatten()
                    .find(|d| {
                        selected.contains(*d) && !self.written.contains_key(*d) && **d != p.id
                    })
                    .cloned();
                match dep {
                    Some(d) => waiting.entry(d).or_default().push(Pending { post: p }),
                    None => {
                        let id = p.id.clone();
                        self.post(p, book)?;
                        if let Some(ws) = waiting.remove(&id) {
                            ready.extend(ws.into_iter().map(|w| w.post));
                        }
                    }
                }
            }
            Ok(())
        })?;
        // posts whose references form a cycle: written without the reference
        let mut left: Vec<Post> = waiting.into_values().flatten().map(|w| w.post).collect();
        left.sort_by(|a, b| a.id.cmp(&b.id));
        for p in left {
            self.post(p, book)?;
        }
        Ok(())
    }

    /// The strong reference to a post of the repository, or one kept from Bluesky.
    fn target(&self, id: &str) -> Option<StrongRef> {
        self.written.get(id).map(|w| w.first.clone())
    }

    fn post(&mut self, p: Post, book: &mut Book) -> Result<()> {
        if p.repost_of.is_some() {
            return self.repost(p, book);
        }
        let ctx = self.ctx;
        let t = micros(p.created_at.as_ref());
        let created = created_at(p.created_at.as_ref(), p.raw_times.get("created_at"))
            .unwrap_or_else(|| {
                records::datetime(&ctx.now).unwrap_or_else(|| "1970-01-01T00:00:00.000Z".into())
            });
        let ext_json = |k: &str| p.ext.get_value(k);
        // reply: to a post of the repository, or the references Bluesky gave
        let mut lost_reply = false;
        let reply: Option<(StrongRef, StrongRef)> = match &p.reply_to {
            Some(parent) => match self.written.get(parent) {
                Some(w) => Some((w.root.clone(), w.first.clone())),
                None => {
                    let kept = ext_json("reply")
                        .and_then(|r| Some((ext_ref(r.get("root")?)?, ext_ref(r.get("parent")?)?)));
                    if kept.is_none() {
                        lost_reply = true;
                    }
                    kept
                }
            },
            None => None,
        };
        if lost_reply {
            self.loss(json!({"id": p.id, "lost": "reply_to", "why": "a reply to a post outside this repository: written as a top-level post", "reply_to": p.reply_to}))?;
        }
        let quote: Option<StrongRef> = match &p.quote_of {
            Some(q) => self.target(q).or_else(|| {
                ext_json("embed").and_then(|e| {
                    let r = e.get("record")?;
                    ext_ref(r.get("record").unwrap_or(r))
                })
            }),
            None => None,
        };
        if p.quote_of.is_some() && quote.is_none() {
            self.loss(json!({"id": p.id, "lost": "quote_of", "why": "a quote of a post outside this repository (Bluesky needs its CID)", "quote_of": p.quote_of}))?;
        }
        // media: images (up to 4 a part) or one video
        let mut images: Vec<(Blob, String, String)> = Vec::new();
        let mut video: Option<(Blob, Option<String>, String)> = None;
        for (mid, m) in ctx.post_media(&p) {
            let use_ = if m.kind == "video" {
                Use::Video
            } else {
                Use::PostImage
            };
            let r = if m.kind == "audio" || m.kind == "document" {
                Err(format!(
                    "a {} file: Bluesky posts hold images and video only",
                    m.kind
                ))
            } else {
                self.blobs.blob(ctx, mid, &m, use_)?
            };
            match r {
                Ok(b) if use_ == Use::Video && video.is_none() && images.is_empty() => {
                    let alt = m
                        .alt
                        .as_deref()
                        .map(|a| records::truncate(a, records::VIDEO_ALT).unwrap_or(a))
                        .map(str::to_string);
                    video = Some((b, alt, mid.to_string()));
                }
                Ok(b) if use_ == Use::PostImage && video.is_none() => {
                    images.push((b, m.alt.clone().unwrap_or_default(), mid.to_string()));
                }
                Ok(_) => {
                    self.media_unwritten.insert(
                        mid.to_string(),
                        "a Bluesky post holds one video, or images, not both".into(),
                    );
                }
                Err(why) => {
                    self.media_unwritten.insert(mid.to_string(), why);
                }
            }
        }
        // text, facets, parts
        let all = facets::facets_of(&p);
        let parts = facets::split(&p.text, &all);
        let n_parts = parts.len();
        if n_parts > 1 {
            self.loss(json!({"id": p.id, "split": n_parts, "why": "longer than a Bluesky post (300 graphemes, 3000 bytes): written as a thread of its parts"}))?;
        }
        // images beyond 4 a part spill into the next parts; more than the parts hold
        // are left out
        let image_parts = images.len().div_ceil(records::MAX_IMAGES).max(1);
        let mut extra = Vec::new();
        if image_parts > n_parts {
            extra = images.split_off(n_parts * records::MAX_IMAGES);
        }
        for (_, _, mid) in extra {
            self.media_unwritten.insert(
                mid,
                format!(
                    "more images than the post's {n_parts} part(s) hold ({} each)",
                    records::MAX_IMAGES
                ),
            );
        }
        let langs: Vec<String> = p.lang.iter().filter_map(|l| records::language(l)).collect();
        let mut tags: Vec<String> = p
            .tags
            .iter()
            .map(|t| t.trim_start_matches('#').to_string())
            .filter(|t| !t.is_empty() && records::truncate(t, (64, 640)).is_none())
            .filter(|t| {
                !all.iter()
                    .any(|f| matches!(&f.feature, Feature::Tag(x) if x == t))
            })
            .collect();
        let mut seen = HashSet::new();
        tags.retain(|t| seen.insert(t.clone()));
        tags.truncate(records::MAX_TAGS);
        let mut first: Option<StrongRef> = None;
        let mut root: Option<StrongRef> = reply.as_ref().map(|(r, _)| r.clone());
        let mut parent: Option<StrongRef> = reply.as_ref().map(|(_, p)| p.clone());
        // the media ids, by part
        let mut part_media: Vec<Vec<(String, Blob)>> = vec![Vec::new(); n_parts];
        for (k, (b, _, mid)) in images.iter().enumerate() {
            if let Some(v) = part_media.get_mut(k / records::MAX_IMAGES) {
                v.push((mid.clone(), b.clone()));
            }
        }
        if let (Some((b, _, mid)), Some(v)) = (&video, part_media.get_mut(0)) {
            v.push((mid.clone(), b.clone()));
        }
        let mut images = images.into_iter();
        let mut written_parts: Vec<(Cbor, StrongRef)> = Vec::new();
        for (i, &(s, e)) in parts.iter().enumerate() {
            let text_part = p.text.get(s..e).unwrap_or_default();
            let part_facets = records::part_facets(&all, s, e);
            let imgs: Vec<(Blob, String)> = images
                .by_ref()
                .take(records::MAX_IMAGES)
                .map(|(b, a, _)| (b, a))
                .collect();
            let embed = if !imgs.is_empty() {
                Embed::Images(imgs)
            } else if i == 0 {
                match &video {
                    Some((b, alt, _)) => Embed::Video(b.clone(), alt.clone()),
                    None => Embed::None,
                }
            } else {
                Embed::None
            };
            let rec = PostRecord {
                text: text_part,
                facets: &part_facets,
                created_at: &created,
                langs: langs.clone(),
                tags: if i == 0 { tags.clone() } else { Vec::new() },
                reply: match (&root, &parent) {
                    (Some(r), Some(pa)) => Some((r.clone(), pa.clone())),
                    _ => None,
                },
                quote: if i == 0 { quote.clone() } else { None },
                embed,
            };
            let v = rec.cbor();
            let rkey = self.tids.take(t.saturating_add(i as i64), &p.id);
            let sref = self.push(records::POST, &rkey, &v)?;
            let mut line = json!({"id": p.id, "uri": sref.uri, "cid": sref.cid.to_string()});
            if n_parts > 1 {
                line["part"] = json!(i + 1);
                line["of"] = json!(n_parts);
            }
            self.map_line(line)?;
            if first.is_none() {
                first = Some(sref.clone());
            }
            if root.is_none() {
                root = Some(sref.clone());
            }
            parent = Some(sref.clone());
            written_parts.push((v, sref));
        }
        let (Some(first), Some(root)) = (first, root) else {
            return Ok(());
        };
        let mut media_ids: Vec<String> = Vec::new();
        for (k, (_, sref)) in written_parts.iter().enumerate() {
            for (mid, b) in part_media.get(k).into_iter().flatten() {
                self.media_blob
                    .entry(mid.clone())
                    .or_insert_with(|| (b.clone(), sref.uri.clone(), p.id.clone()));
                self.map_line(json!({"id": mid, "blob": b.cid.to_string(), "uri": sref.uri}))?;
                media_ids.push(mid.clone());
            }
        }
        self.id_by_uri.insert(first.uri.clone(), p.id.clone());
        self.written.insert(
            p.id.clone(),
            Written {
                first: first.clone(),
                root,
            },
        );
        for (v, _) in &written_parts {
            self.note_dids(&v.to_json());
        }
        // fidelity: the post as lifeboat's importer reads it back
        let back = self.post_back(&p, &written_parts, &media_ids);
        settle(book, Kind::Post, &p, &back, &[], &|f| {
            post_reason(f, n_parts)
        });
        book.wrote(Kind::Post);
        Ok(())
    }

    /// What lifeboat's Bluesky importer makes of the parts written for `p`
    /// (`import::bluesky::records`: `post`, `facets`, `embed`), with the ids the
    /// mapping gives back.
    fn post_back(&self, p: &Post, parts: &[(Cbor, StrongRef)], media: &[String]) -> Post {
        let mut b = Post {
            id: p.id.clone(),
            network: network_of(&p.id).to_string(),
            author: self.owner_back(),
            visibility: Visibility::Public,
            source: p.source.clone(),
            ..Post::default()
        };
        let mut seen_tags: HashSet<String> = HashSet::new();
        for (i, (v, sref)) in parts.iter().enumerate() {
            let j = v.to_json();
            let Value::Object(mut m) = j else { continue };
            m.remove("$type");
            let text = match m.remove("text") {
                Some(Value::String(s)) => s,
                _ => String::new(),
            };
            let created = m.remove("createdAt");
            if i == 0 {
                b.url = Some(post_web_url(&sref.uri));
                let mut raw = BTreeMap::new();
                b.created_at = import_time(
                    created.as_ref().and_then(Value::as_str),
                    "created_at",
                    &mut raw,
                );
                b.raw_times = raw;
                if let Some(Value::Array(langs)) = m.get("langs") {
                    b.lang = langs.first().and_then(Value::as_str).map(str::to_string);
                }
                if let Some(Value::Array(tags)) = m.get("tags") {
                    for t in tags.iter().filter_map(Value::as_str) {
                        b.tags.push(t.to_string());
                    }
                }
                seen_tags = b.tags.iter().cloned().collect();
                if let Some(reply) = m.get("reply") {
                    if let Some(u) = reply
                        .get("parent")
                        .and_then(|x| x.get("uri"))
                        .and_then(Value::as_str)
                    {
                        b.reply_to = Some(self.id_of_uri(u));
                        b.reply_to_account = self.account_of_uri(u);
                    }
                    if let Some(u) = reply
                        .get("root")
                        .and_then(|x| x.get("uri"))
                        .and_then(Value::as_str)
                    {
                        b.ext.insert("reply_root", Value::String(self.id_of_uri(u)));
                    }
                }
                if let Some(e) = m.get("embed") {
                    let rec = match e.get("$type").and_then(Value::as_str) {
                        Some("app.bsky.embed.record") => e.get("record"),
                        Some("app.bsky.embed.recordWithMedia") => {
                            e.get("record").map(|r| r.get("record").unwrap_or(r))
                        }
                        _ => None,
                    };
                    if let Some(u) = rec.and_then(|r| r.get("uri")).and_then(Value::as_str) {
                        b.quote_of = Some(self.id_of_uri(u));
                    }
                }
            }
            // facets, from this part's text
            if let Some(Value::Array(list)) = m.get("facets") {
                for f in list {
                    let idx = f.get("index");
                    let s = idx
                        .and_then(|x| x.get("byteStart"))
                        .and_then(Value::as_u64)
                        .and_then(|v| usize::try_from(v).ok());
                    let e = idx
                        .and_then(|x| x.get("byteEnd"))
                        .and_then(Value::as_u64)
                        .and_then(|v| usize::try_from(v).ok());
                    let span = s
                        .zip(e)
                        .and_then(|(s, e)| text.get(s..e))
                        .map(str::to_string);
                    for feat in f
                        .get("features")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(did) = feat.get("did").and_then(Value::as_str) {
                            b.mentions.push(Mention {
                                handle: span
                                    .as_deref()
                                    .map(|s| s.trim_start_matches('@').to_string())
                                    .filter(|s| !s.is_empty())
                                    .unwrap_or_else(|| did.to_string()),
                                account: Some(self.account_back(did)),
                                display_name: None,
                            });
                        } else if let Some(u) = feat.get("uri").and_then(Value::as_str) {
                            b.links.push(Link {
                                url: u.to_string(),
                                short_url: None,
                                display: span.clone(),
                            });
                        } else if let Some(t) = feat.get("tag").and_then(Value::as_str) {
                            let t = t.trim_start_matches('#').to_string();
                            if seen_tags.insert(t.clone()) {
                                b.tags.push(t);
                            }
                        }
                    }
                }
            }
            b.text.push_str(&text);
            if i == 0 {
                m.remove("tags");
                if let Some(Value::Array(l)) = m.get("langs") {
                    if l.len() <= 1 {
                        m.remove("langs");
                    }
                }
                b.ext.extend(Ext::from_map(m));
            }
        }
        b.media = media.to_vec();
        b
    }

    /// Note the DIDs a record names (mentions; authors of replied, quoted, reposted
    /// and liked posts): the importer gives each an account.
    fn note_dids(&mut self, v: &Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("did", Value::String(d)) => {
                            if *d != self.did {
                                self.dids_named.insert(d.clone());
                            }
                        }
                        ("uri", Value::String(u)) => {
                            if let Some(a) =
                                u.strip_prefix("at://").and_then(|r| r.split('/').next())
                            {
                                if a.starts_with("did:") && a != self.did {
                                    self.dids_named.insert(a.to_string());
                                }
                            }
                        }
                        _ => self.note_dids(x),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| self.note_dids(x)),
            _ => {}
        }
    }

    /// The owner's id as read back (the mapping names it).
    fn owner_back(&self) -> String {
        self.owner_id
            .clone()
            .unwrap_or_else(|| record_id("bluesky", Kind::Account, &self.did))
    }

    /// The account id an importer gives a DID.
    fn account_back(&self, did: &str) -> String {
        if did == self.did {
            self.owner_back()
        } else {
            record_id("bluesky", Kind::Account, did)
        }
    }

    /// The record id an importer gives an AT URI: the mapping's, or Bluesky's own.
    fn id_of_uri(&self, uri: &str) -> String {
        if let Some(id) = self.id_by_uri.get(uri) {
            return id.clone();
        }
        record_id(
            "bluesky",
            Kind::Post,
            uri.strip_prefix("at://").unwrap_or(uri),
        )
    }

    fn account_of_uri(&self, uri: &str) -> Option<String> {
        let a = uri.strip_prefix("at://")?.split('/').next()?;
        (!a.is_empty()).then(|| self.account_back(a))
    }

    /// A repost: an `app.bsky.feed.repost` of a post whose CID is known.
    fn repost(&mut self, p: Post, book: &mut Book) -> Result<()> {
        let target = p
            .repost_of
            .as_deref()
            .and_then(|r| self.target(r))
            .or_else(|| p.ext.get_value("subject").as_ref().and_then(ext_ref));
        let Some(subject) = target else {
            self.loss(json!({"id": p.id, "lost": "post", "why": "a repost of a post outside this repository (Bluesky needs its CID)"}))?;
            book.lost(
                Kind::Post,
                "reposts of posts outside this repository: Bluesky names a reposted post by its CID, which the archive does not know",
            );
            return Ok(());
        };
        let created = created_at(p.created_at.as_ref(), p.raw_times.get("created_at"))
            .or_else(|| records::datetime(&self.ctx.now))
            .unwrap_or_default();
        let v = records::repost(&subject, &created);
        let rkey = self.tids.take(micros(p.created_at.as_ref()), &p.id);
        let sref = self.push(records::REPOST, &rkey, &v)?;
        self.map_line(json!({"id": p.id, "uri": sref.uri, "cid": sref.cid.to_string()}))?;
        // back: what the importer's `repost` makes of it
        let mut b = Post {
            id: p.id.clone(),
            network: network_of(&p.id).to_string(),
            author: self.owner_back(),
            visibility: Visibility::Public,
            source: p.source.clone(),
            ..Post::default()
        };
        let mut raw = BTreeMap::new();
        b.created_at = import_time(Some(&created), "created_at", &mut raw);
        b.raw_times = raw;
        b.repost_of = Some(self.id_of_uri(&subject.uri));
        b.repost_of_account = self.account_of_uri(&subject.uri);
        if let Some(a) = subject
            .uri
            .strip_prefix("at://")
            .and_then(|r| r.split('/').next())
        {
            if a != self.did {
                self.dids_named.insert(a.to_string());
            }
        }
        b.ext.insert("subject", subject.cbor().to_json());
        settle(book, Kind::Post, &p, &b, &[], &|f| post_reason(f, 1));
        book.wrote(Kind::Post);
        Ok(())
    }

    // ---------------------------------------------------------------- reactions

    /// Likes of posts whose CID is known; every other reaction is counted lost.
    fn reactions(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        for r in ctx.archive.records(Kind::Reaction)? {
            let Record::Reaction(r) = r? else { continue };
            if !ctx.filter.in_network(&r.network) {
                continue;
            }
            if !matches!(r.kind.as_str(), "like" | "favourite" | "favorite") {
                book.lost(
                    Kind::Reaction,
                    "bookmarks, votes and emoji reactions: Bluesky has likes only (bookmarks are private)",
                );
                continue;
            }
            if !ctx.is_owner(&r.actor) {
                book.lost(
                    Kind::Reaction,
                    "likes by other accounts live in their own repositories",
                );
                continue;
            }
            let subject = self
                .target(&r.target)
                .or_else(|| r.ext.get_value("subject").as_ref().and_then(ext_ref));
            let Some(subject) = subject else {
                book.lost(
                    Kind::Reaction,
                    "likes of posts outside this repository: Bluesky names a liked post by its CID, which the archive does not know",
                );
                continue;
            };
            let created = created_at(r.created_at.as_ref(), r.raw_times.get("created_at"))
                .or_else(|| records::datetime(&ctx.now))
                .unwrap_or_default();
            let v = map([
                ("$type", text(LIKE)),
                ("subject", subject.cbor()),
                ("createdAt", text(&created)),
            ]);
            let rkey = self.tids.take(micros(r.created_at.as_ref()), &r.id);
            let sref = self.push(LIKE, &rkey, &v)?;
            self.map_line(json!({"id": r.id, "uri": sref.uri, "cid": sref.cid.to_string()}))?;
            let target_uri = subject.uri.clone();
            if let Some(a) = target_uri
                .strip_prefix("at://")
                .and_then(|x| x.split('/').next())
            {
                if a != self.did {
                    self.dids_named.insert(a.to_string());
                }
            }
            let mut b = Reaction {
                id: r.id.clone(),
                network: network_of(&r.id).to_string(),
                kind: "like".into(),
                actor: self.owner_back(),
                target: self.id_of_uri(&target_uri),
                target_url: Some(post_web_url(&target_uri)),
                source: r.source.clone(),
                ..Reaction::default()
            };
            let mut raw = BTreeMap::new();
            b.created_at = import_time(Some(&created), "created_at", &mut raw);
            b.raw_times = raw;
            b.ext.insert("rkey", Value::String(rkey));
            b.ext.insert("subject", subject.cbor().to_json());
            settle(book, Kind::Reaction, &r, &b, &[], &|f| {
                format!("a like in Bluesky holds its target, time and record key only ({f})")
            });
            book.wrote(Kind::Reaction);
        }
        Ok(())
    }

    // ---------------------------------------------------------------- follows

    /// Follows of accounts whose DID is known.
    fn follows(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        for r in ctx.archive.records(Kind::Relationship)? {
            let Record::Relationship(r) = r? else {
                continue;
            };
            if !ctx.filter.in_network(&r.network) {
                continue;
            }
            if r.kind != "following" || !ctx.is_owner(&r.subject) {
                let why = match r.kind.as_str() {
                    "follower" => "followers live in their own repositories",
                    "block" | "mute" => {
                        "blocks and mutes are private on most networks: not published"
                    }
                    "following" => "follows by other accounts live in their own repositories",
                    _ => "lists, connections and memberships: not carried to Bluesky",
                };
                book.lost(Kind::Relationship, why);
                continue;
            }
            let Some(did) = facets::did_of_account(&r.object).map(str::to_string) else {
                book.lost(
                    Kind::Relationship,
                    "follows of accounts without a Bluesky DID (Bluesky follows a DID)",
                );
                continue;
            };
            let created = created_at(r.since.as_ref(), r.raw_times.get("since"))
                .or_else(|| records::datetime(&ctx.now))
                .unwrap_or_default();
            let v = records::follow(&did, &created);
            let rkey = self.tids.take(micros(r.since.as_ref()), &r.id);
            let sref = self.push(records::FOLLOW, &rkey, &v)?;
            self.map_line(json!({"id": r.id, "uri": sref.uri, "cid": sref.cid.to_string()}))?;
            if did != self.did {
                self.dids_named.insert(did.clone());
            }
            let mut b = Relationship {
                id: r.id.clone(),
                network: network_of(&r.id).to_string(),
                kind: "following".into(),
                subject: self.owner_back(),
                object: self.account_back(&did),
                source: r.source.clone(),
                ..Relationship::default()
            };
            let mut raw = BTreeMap::new();
            b.since = import_time(Some(&created), "since", &mut raw);
            b.raw_times = raw;
            b.ext.insert("rkey", Value::String(rkey));
            settle(book, Kind::Relationship, &r, &b, &[], &|f| {
                format!("a follow in Bluesky holds its subject's DID and time only ({f})")
            });
            book.wrote(Kind::Relationship);
        }
        Ok(())
    }

    // ---------------------------------------------------------------- profile

    fn profile(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        let Some(o) = ctx.owner.clone() else {
            return Ok(());
        };
        let dn = o.display_name.as_deref().map(|d| {
            records::truncate(d, records::DISPLAY_NAME)
                .unwrap_or(d)
                .to_string()
        });
        let desc = o.bio.as_deref().map(|d| {
            records::truncate(d, records::DESCRIPTION)
                .unwrap_or(d)
                .to_string()
        });
        // the owner's avatar and header, by their media records
        let mut avatar = None;
        let mut banner = None;
        for r in ctx.archive.records(Kind::Media)? {
            let Record::Media(m) = r? else { continue };
            if !m.attached_to.contains(&o.id) {
                continue;
            }
            let role = m.ext.get_str("role").unwrap_or_default();
            let slot = match role.as_str() {
                "avatar" if avatar.is_none() => &mut avatar,
                "header" if banner.is_none() => &mut banner,
                _ => continue,
            };
            let Some(lite) = ctx.media.get(&m.id) else {
                continue;
            };
            match self.blobs.blob(ctx, &m.id, &lite, Use::Profile)? {
                Ok(b) => *slot = Some((m.id.clone(), b)),
                Err(why) => {
                    self.media_unwritten.insert(m.id.clone(), why);
                }
            }
        }
        let created = created_at(o.created_at.as_ref(), o.raw_times.get("created_at"));
        let v = records::profile(
            dn.as_deref(),
            desc.as_deref(),
            avatar.as_ref().map(|(_, b)| b),
            banner.as_ref().map(|(_, b)| b),
            created.as_deref(),
        );
        let sref = self.push(records::PROFILE, "self", &v)?;
        self.map_line(json!({"id": o.id, "uri": sref.uri, "cid": sref.cid.to_string()}))?;
        for (mid, b) in avatar.iter().chain(banner.iter()) {
            self.map_line(json!({"id": mid, "blob": b.cid.to_string(), "uri": sref.uri}))?;
        }
        self.profile = Some((v, avatar, banner));
        let _ = book;
        Ok(())
    }

    // ---------------------------------------------------------------- fidelity

    /// The owner as read back from the commit and profile, and every other account:
    /// back as a bare DID when a record written names it, else lost.
    fn accounts_fidelity(&mut self, book: &mut Book, commit: &Cid, rev: &str) -> Result<()> {
        let ctx = self.ctx;
        for r in ctx.archive.records(Kind::Account)? {
            let Record::Account(a) = r? else { continue };
            if !ctx.filter.in_network(&a.network) {
                continue;
            }
            if Some(&a.id) == self.owner_id.as_ref() {
                let b = self.owner_account_back(&a, commit, rev);
                settle(book, Kind::Account, &a, &b, &[], &|f| {
                    format!("a Bluesky profile holds a display name, description, avatar, banner and time only ({f})")
                });
                book.wrote(Kind::Account);
                continue;
            }
            match facets::did_of_account(&a.id) {
                Some(did) if self.dids_named.contains(did) => {
                    let b = Account {
                        id: a.id.clone(),
                        network: "bluesky".into(),
                        url: Some(format!("https://bsky.app/profile/{did}")),
                        source: a.source.clone(),
                        ..Account::default()
                    };
                    settle(book, Kind::Account, &a, &b, &[], &|f| {
                        format!("other accounts are named by their DID only ({f})")
                    });
                    book.wrote(Kind::Account);
                }
                _ => book.lost(
                    Kind::Account,
                    "only the owner's profile is carried; other accounts appear by DID where a record names them",
                ),
            }
        }
        Ok(())
    }

    fn owner_account_back(&self, a: &Account, commit: &Cid, rev: &str) -> Account {
        let mut b = Account {
            id: a.id.clone(),
            network: network_of(&a.id).to_string(),
            url: Some(format!("https://bsky.app/profile/{}", self.did)),
            is_owner: true,
            source: a.source.clone(),
            ..Account::default()
        };
        let mut ci = Map::new();
        ci.insert("cid".into(), Value::String(commit.to_string()));
        ci.insert("version".into(), json!(3));
        ci.insert("rev".into(), Value::String(rev.to_string()));
        ci.insert("prev".into(), Value::Null);
        b.ext.insert("repo_commit", Value::Object(ci));
        let Some((v, avatar, banner)) = &self.profile else {
            return b;
        };
        let Value::Object(mut m) = v.to_json() else {
            return b;
        };
        m.remove("$type");
        b.display_name = m
            .remove("displayName")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        b.bio = m
            .remove("description")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty());
        let created = m.remove("createdAt");
        let mut raw = BTreeMap::new();
        b.created_at = import_time(
            created.as_ref().and_then(Value::as_str),
            "created_at",
            &mut raw,
        );
        b.raw_times = raw;
        if let Some((_, x)) = avatar {
            b.avatar_url = Some(format!(
                "https://cdn.bsky.app/img/avatar/plain/{}/{}@jpeg",
                self.did, x.cid
            ));
        }
        if let Some((_, x)) = banner {
            b.header_url = Some(format!(
                "https://cdn.bsky.app/img/banner/plain/{}/{}@jpeg",
                self.did, x.cid
            ));
        }
        b.ext.extend(Ext::from_map(m));
        b
    }

    /// Media: back as the blobs of the records written, or lost.
    fn media_fidelity(&mut self, book: &mut Book) -> Result<()> {
        let ctx = self.ctx;
        let owner = self.owner_back();
        let mut profile: HashMap<String, Blob> = HashMap::new();
        if let Some((_, a, b)) = &self.profile {
            for (mid, x) in a.iter().chain(b.iter()) {
                profile.insert(mid.clone(), x.clone());
            }
        }
        for r in ctx.archive.records(Kind::Media)? {
            let Record::Media(m) = r? else { continue };
            if !ctx.filter.in_network(&m.network) {
                continue;
            }
            let (blob, attached, alt) = if let Some((b, _, post)) = self.media_blob.get(&m.id) {
                let alt = if b.mime.starts_with("video/") {
                    m.alt_text
                        .as_deref()
                        .map(|a| records::truncate(a, records::VIDEO_ALT).unwrap_or(a))
                        .map(str::to_string)
                } else {
                    m.alt_text.clone()
                };
                (b.clone(), post.clone(), alt)
            } else if let Some(b) = profile.get(&m.id) {
                (b.clone(), owner.clone(), None)
            } else {
                let why = self.media_unwritten.get(&m.id).cloned().unwrap_or_else(|| {
                    "media are carried only as images and videos of the posts written and the profile".into()
                });
                book.lost(Kind::Media, why);
                continue;
            };
            let hint = if blob.mime.starts_with("video/") {
                "video"
            } else {
                "photo"
            };
            let sha = hex(blob.cid.digest());
            let entry = format!("blobs/{}", blob.cid);
            let mut b = Media {
                id: m.id.clone(),
                network: network_of(&m.id).to_string(),
                kind: media_kind(&blob.mime, hint),
                alt_text: alt.filter(|s| !s.is_empty()),
                attached_to: vec![attached],
                source: m.source.clone(),
                ..Media::default()
            };
            b.ext.insert("blob", blob.cbor().to_json());
            b.set_file(
                entry.clone(),
                sha.clone(),
                blob.size,
                crate::archive::media_path(&sha, &entry),
            );
            b.mime = Some(blob.mime.clone());
            settle(book, Kind::Media, &m, &b, &[], &|f| {
                format!("a Bluesky blob is the cleaned file with its type and size ({f})")
            });
            book.wrote(Kind::Media);
        }
        Ok(())
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The importer's media kind of a MIME type.
fn media_kind(mime: &str, hint: &str) -> String {
    match mime {
        "image/gif" => "gif".into(),
        m if m.starts_with("image/") => "photo".into(),
        m if m.starts_with("video/") => "video".into(),
        m if m.starts_with("audio/") => "audio".into(),
        "" => hint.into(),
        _ => "document".into(),
    }
}

/// The web address of a post's AT URI.
fn post_web_url(uri: &str) -> String {
    let rest = uri.strip_prefix("at://").unwrap_or(uri);
    let mut it = rest.split('/');
    let (who, _, rkey) = (it.next().unwrap_or(""), it.next(), it.next().unwrap_or(""));
    format!("https://bsky.app/profile/{who}/post/{rkey}")
}

/// The importer's reading of a `createdAt` (`import::bluesky::records::time`).
fn import_time(
    s: Option<&str>,
    field: &str,
    raw: &mut BTreeMap<String, String>,
) -> Option<Timestamp> {
    let s = s?;
    match Timestamp::parse(s) {
        Some((t, canonical)) => {
            let digits = s
                .split_once('.')
                .map_or(0, |(_, f)| f.bytes().take_while(u8::is_ascii_digit).count());
            if !canonical || digits > 3 {
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

fn post_reason(field: &str, parts: usize) -> String {
    match field {
        "text" if parts > 1 => "split into a thread".into(),
        "html" => "Bluesky posts are plain text with facets; no markup".into(),
        "title" => "Bluesky posts have no title".into(),
        "content_warning" => {
            "Bluesky has self-labels from a fixed list, not content warnings".into()
        }
        "reply_to" | "reply_to_account" => {
            "replies to posts outside this repository are written as top-level posts".into()
        }
        "quote_of" => {
            "quotes of posts outside this repository: Bluesky needs the quoted post's CID".into()
        }
        "visibility" => "everything in a repository is public".into(),
        "links" => "links not found in the text (a facet needs its span) are not carried".into(),
        "mentions" => "mentions of accounts without a Bluesky DID are plain text".into(),
        "tags" => {
            "hashtags beyond Bluesky's 8 (or longer than 64 graphemes) are not carried".into()
        }
        "media" => "media Bluesky does not take (type, size, count) stay in the archive".into(),
        "url" => "the post's address is its Bluesky address".into(),
        "ext" => "fields Bluesky has no place for".into(),
        _ => format!("Bluesky has no place for {field}"),
    }
}
