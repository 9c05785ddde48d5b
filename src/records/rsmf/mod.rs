//! RSMF 2.0 (Relativity Short Message Format): one `.rsmf` per conversation, for
//! eDiscovery review platforms.
//!
//! Three layers, as Relativity's validator checks them: an RFC 5322 message (7-bit:
//! headers `X-RSMF-*`, a plain-text transcript, and exactly one attachment
//! `rsmf.zip`, base64), the zip (`rsmf_manifest.json` and every attachment at its
//! root), and the manifest (participants, conversations, events; every reference
//! resolves). Edits are 2.0 `edits` with the previous and new text; a conversation
//! larger than [`RsmfOptions::max_events`] is split into several files sharing an
//! `eventcollectionid`.
//!
//! Memory: the messages are read in passes of at most `max_events_in_memory`
//! messages, a few conversations at a time.

pub(super) mod check;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::records::slug;

/// Options of the RSMF export.
#[derive(Clone, Debug)]
pub struct RsmfOptions {
    /// Events per `.rsmf` file before a conversation is split.
    pub max_events: usize,
    /// Messages held in memory at once while gathering conversations.
    pub max_events_in_memory: usize,
    /// Custodian named in the files (default: the archive's owner account).
    pub custodian: Option<String>,
    /// Also write one file per public thread (a post and its replies), as a `channel`.
    pub threads: bool,
}

impl Default for RsmfOptions {
    fn default() -> Self {
        RsmfOptions {
            max_events: 10_000,
            max_events_in_memory: 200_000,
            custodian: None,
            threads: false,
        }
    }
}

/// What the RSMF export wrote.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RsmfSummary {
    /// `.rsmf` files written.
    pub files: u64,
    /// Conversations exported.
    pub conversations: u64,
    /// Public threads exported (with `threads`).
    pub threads: u64,
    /// Message events written.
    pub messages: u64,
    /// `join` and `leave` events written (someone joined or left a group
    /// conversation; X's `joinConversation`, `participantsJoin`, `participantsLeave`).
    pub joins_leaves: u64,
    /// Attachments packed.
    pub attachments: u64,
    /// Attachments referenced whose file the archive lacks (named in the event's `custom`).
    pub missing_attachments: u64,
}

#[derive(Deserialize, Clone, Default)]
struct Acct {
    id: String,
    handle: Option<String>,
    display_name: Option<String>,
    url: Option<String>,
    #[serde(default)]
    is_owner: bool,
}

#[derive(Deserialize, Clone, Default)]
struct Conv {
    id: String,
    network: String,
    #[serde(default)]
    participants: Vec<String>,
    title: Option<String>,
    #[serde(default)]
    group: bool,
}

#[derive(Deserialize, Clone, Default)]
struct Version {
    text: Option<String>,
    created_at: Option<String>,
}

#[derive(Deserialize, Clone, Default)]
struct Msg {
    id: String,
    conversation: String,
    sender: String,
    #[serde(default)]
    recipients: Vec<String>,
    sent_at: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    media: Vec<String>,
    reply_to: Option<String>,
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    history: Vec<Version>,
    #[serde(default)]
    ext: serde_json::Map<String, Value>,
}

#[derive(Deserialize, Clone, Default)]
struct MediaRec {
    id: String,
    path: Option<String>,
    original_path: Option<String>,
    bytes: Option<u64>,
    sha256: Option<String>,
}

#[derive(Deserialize)]
struct ReactionRec {
    kind: String,
    actor: String,
    target: String,
    emoji: Option<String>,
}

fn lines<T: for<'de> Deserialize<'de>>(p: &Path, mut f: impl FnMut(T)) -> Result<()> {
    let Ok(file) = File::open(p) else {
        return Ok(());
    };
    for line in BufReader::with_capacity(1 << 16, file).lines() {
        let line = line.map_err(|e| Error::io(p, e))?;
        if let Ok(v) = serde_json::from_str::<T>(&line) {
            f(v);
        }
    }
    Ok(())
}

/// The native part of a record id (`twitter:message:123` → `123`).
fn native(id: &str) -> &str {
    id.splitn(3, ':').nth(2).unwrap_or(id)
}

/// Export every conversation of the archive at `root` as RSMF 2.0 files under `out`.
pub fn export_rsmf(root: &Path, out: &Path, opts: &RsmfOptions) -> Result<RsmfSummary> {
    let rec = |k: &str| root.join("data/records").join(format!("{k}.jsonl"));
    if !root.join("data/lifeboat.json").is_file() {
        return Err(Error::Archive {
            path: root.to_path_buf(),
            message: "is not a lifeboat archive".into(),
        });
    }
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;

    // pass 1: conversations, message counts, the accounts, media and reactions needed
    let mut convs: BTreeMap<String, Conv> = BTreeMap::new();
    lines::<Conv>(&rec("conversations"), |c| {
        convs.insert(c.id.clone(), c);
    })?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut people: HashSet<String> = convs
        .values()
        .flat_map(|c| c.participants.iter().cloned())
        .collect();
    let mut media_ids: HashSet<String> = HashSet::new();
    let mut message_ids: HashSet<String> = HashSet::new();
    lines::<Msg>(&rec("messages"), |m| {
        *counts.entry(m.conversation.clone()).or_default() += 1;
        people.insert(m.sender.clone());
        people.extend(m.recipients.iter().cloned());
        media_ids.extend(m.media.iter().cloned());
        message_ids.insert(m.id.clone());
        if !convs.contains_key(&m.conversation) {
            // a message whose conversation record is missing still gets one
            let network = m.id.split(':').next().unwrap_or("").to_string();
            convs.insert(
                m.conversation.clone(),
                Conv {
                    id: m.conversation.clone(),
                    network,
                    ..Conv::default()
                },
            );
        }
    })?;
    let mut reactions: HashMap<String, Vec<(String, String)>> = HashMap::new();
    lines::<ReactionRec>(&rec("reactions"), |r| {
        if message_ids.contains(&r.target) {
            let value = r.emoji.unwrap_or(r.kind);
            people.insert(r.actor.clone());
            reactions
                .entry(r.target)
                .or_default()
                .push((value, r.actor));
        }
    })?;
    drop(message_ids);
    let mut accounts: HashMap<String, Acct> = HashMap::new();
    let mut owner: Option<String> = None;
    lines::<Acct>(&rec("accounts"), |a| {
        if a.is_owner && owner.is_none() {
            owner = Some(a.id.clone());
        }
        if people.contains(&a.id) {
            accounts.insert(a.id.clone(), a);
        }
    })?;
    let mut media: HashMap<String, MediaRec> = HashMap::new();
    lines::<MediaRec>(&rec("media"), |m| {
        if media_ids.contains(&m.id) {
            media.insert(m.id.clone(), m);
        }
    })?;
    drop(media_ids);
    let custodian = opts.custodian.clone().or(owner);

    // pass 2..n: a batch of conversations at a time
    let mut summary = RsmfSummary::default();
    let ids: Vec<String> = convs.keys().cloned().collect();
    let mut start = 0;
    while start < ids.len() {
        let mut end = start;
        let mut load = 0usize;
        while end < ids.len() {
            let n = counts.get(&ids[end]).copied().unwrap_or(0);
            if end > start && load + n > opts.max_events_in_memory {
                break;
            }
            load += n;
            end += 1;
        }
        let batch: HashSet<&str> = ids[start..end].iter().map(String::as_str).collect();
        let mut msgs: HashMap<String, Vec<Msg>> = HashMap::new();
        lines::<Msg>(&rec("messages"), |m| {
            if batch.contains(m.conversation.as_str()) {
                msgs.entry(m.conversation.clone()).or_default().push(m);
            }
        })?;
        for id in &ids[start..end] {
            let Some(c) = convs.get(id) else { continue };
            let mut list = msgs.remove(id).unwrap_or_default();
            if list.is_empty() {
                continue;
            }
            list.sort_by(|a, b| a.sent_at.cmp(&b.sent_at).then(a.id.cmp(&b.id)));
            write_conversation(
                root,
                out,
                c,
                &list,
                &accounts,
                &media,
                &reactions,
                custodian.as_deref(),
                opts,
                &mut summary,
            )?;
            summary.conversations += 1;
        }
        start = end;
    }
    if opts.threads {
        export_threads(
            root,
            out,
            &accounts_all(&rec("accounts"))?,
            &media_all(&rec("media"))?,
            custodian.as_deref(),
            opts,
            &mut summary,
        )?;
    }
    Ok(summary)
}

/// Every account (display names for thread participants).
fn accounts_all(p: &Path) -> Result<HashMap<String, Acct>> {
    let mut m = HashMap::new();
    lines::<Acct>(p, |a| {
        m.insert(a.id.clone(), a);
    })?;
    Ok(m)
}

/// Every stored media record.
fn media_all(p: &Path) -> Result<HashMap<String, MediaRec>> {
    let mut m = HashMap::new();
    lines::<MediaRec>(p, |r| {
        if r.path.is_some() {
            m.insert(r.id.clone(), r);
        }
    })?;
    Ok(m)
}

#[derive(Deserialize, Default)]
struct PostMin {
    id: String,
    network: String,
    author: String,
    created_at: Option<String>,
    #[serde(default)]
    text: String,
    reply_to: Option<String>,
    #[serde(default)]
    media: Vec<String>,
    #[serde(default)]
    history: Vec<Version>,
    visibility: Option<String>,
    deleted_at: Option<String>,
}

/// One RSMF per public thread: a public post with at least one public reply in the
/// archive, every post of the thread an event, replies pointing at their parents.
fn export_threads(
    root: &Path,
    out: &Path,
    accounts: &HashMap<String, Acct>,
    media: &HashMap<String, MediaRec>,
    custodian: Option<&str>,
    opts: &RsmfOptions,
    summary: &mut RsmfSummary,
) -> Result<()> {
    let posts = root.join("data/records/posts.jsonl");
    let public = |p: &PostMin| {
        matches!(p.visibility.as_deref(), Some("public") | Some("unlisted"))
            && p.deleted_at.is_none()
    };
    // pass 1: the parent of every public post
    let mut parent: HashMap<String, Option<String>> = HashMap::new();
    lines::<PostMin>(&posts, |p| {
        if public(&p) {
            parent.insert(p.id, p.reply_to);
        }
    })?;
    let root_of = |id: &str| -> String {
        let mut cur = id.to_string();
        let mut seen = HashSet::new();
        while let Some(Some(up)) = parent.get(&cur) {
            if !parent.contains_key(up) || !seen.insert(cur.clone()) {
                break;
            }
            cur = up.clone();
        }
        cur
    };
    let mut size: HashMap<String, usize> = HashMap::new();
    for id in parent.keys() {
        *size.entry(root_of(id)).or_default() += 1;
    }
    // pass 2: the posts of threads of two or more
    let mut threads: BTreeMap<String, Vec<Msg>> = BTreeMap::new();
    let mut nets: HashMap<String, String> = HashMap::new();
    lines::<PostMin>(&posts, |p| {
        if !public(&p) {
            return;
        }
        let r = root_of(&p.id);
        if size.get(&r).copied().unwrap_or(0) < 2 {
            return;
        }
        nets.entry(r.clone()).or_insert_with(|| p.network.clone());
        let conv = format!("thread:{r}");
        threads.entry(r).or_default().push(Msg {
            id: p.id,
            conversation: conv,
            sender: p.author,
            sent_at: p.created_at,
            text: p.text,
            media: p.media,
            reply_to: p.reply_to,
            history: p.history,
            ..Msg::default()
        });
    })?;
    let none = HashMap::new();
    for (r, mut list) in threads {
        list.sort_by(|a, b| a.sent_at.cmp(&b.sent_at).then(a.id.cmp(&b.id)));
        let mut participants: Vec<String> = list.iter().map(|m| m.sender.clone()).collect();
        participants.sort();
        participants.dedup();
        let first: String = list
            .iter()
            .find(|m| m.id == r)
            .map(|m| {
                m.text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(80)
                    .collect()
            })
            .unwrap_or_default();
        let c = Conv {
            id: format!("thread:{r}"),
            network: nets.get(&r).cloned().unwrap_or_default(),
            participants,
            title: Some(if first.is_empty() {
                format!("Thread {}", native(&r))
            } else {
                format!("Thread: {first}")
            }),
            group: true,
        };
        write_conversation(
            root, out, &c, &list, accounts, media, &none, custodian, opts, summary,
        )?;
        summary.threads += 1;
    }
    Ok(())
}

fn display_of(accounts: &HashMap<String, Acct>, id: &str) -> String {
    match accounts.get(id) {
        Some(a) => match (&a.display_name, &a.handle) {
            (Some(n), Some(h)) if !n.is_empty() => format!("{n} (@{h})"),
            (Some(n), _) if !n.is_empty() => n.clone(),
            (_, Some(h)) if !h.is_empty() => format!("@{h}"),
            _ => native(id).to_string(),
        },
        None => native(id).to_string(),
    }
}

fn custom(pairs: &[(&str, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .filter(|(n, v)| !n.is_empty() && !v.is_empty())
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
fn write_conversation(
    root: &Path,
    out: &Path,
    c: &Conv,
    list: &[Msg],
    accounts: &HashMap<String, Acct>,
    media: &HashMap<String, MediaRec>,
    reactions: &HashMap<String, Vec<(String, String)>>,
    custodian: Option<&str>,
    opts: &RsmfOptions,
    summary: &mut RsmfSummary,
) -> Result<()> {
    let chunks: Vec<&[Msg]> = list.chunks(opts.max_events.max(1)).collect();
    let split = chunks.len() > 1;
    for (part, chunk) in chunks.iter().enumerate() {
        // everyone in this slice
        let mut pids: BTreeSet<String> = c.participants.iter().cloned().collect();
        for m in chunk.iter() {
            pids.insert(m.sender.clone());
            pids.extend(m.recipients.iter().cloned());
            for (_, who) in reactions.get(&m.id).into_iter().flatten() {
                pids.insert(who.clone());
            }
        }
        let participants: Vec<Value> = pids
            .iter()
            .map(|id| {
                let a = accounts.get(id);
                let mut p = serde_json::Map::new();
                p.insert("id".into(), Value::String(id.clone()));
                p.insert("display".into(), Value::String(display_of(accounts, id)));
                if let Some(h) = a.and_then(|a| a.handle.clone()).filter(|h| !h.is_empty()) {
                    p.insert("account_id".into(), Value::String(h));
                }
                let cu = custom(&[(
                    "profile_url",
                    a.and_then(|a| a.url.clone()).unwrap_or_default(),
                )]);
                if cu.as_array().is_some_and(|a| !a.is_empty()) {
                    p.insert("custom".into(), cu);
                }
                Value::Object(p)
            })
            .collect();
        let in_slice: HashSet<&str> = chunk.iter().map(|m| native(&m.id)).collect();
        let mut zip_files: Vec<(String, PathBuf)> = Vec::new();
        let mut names: HashSet<String> = HashSet::new();
        let mut events = Vec::new();
        let mut transcript = String::new();
        for m in chunk.iter() {
            let mut ev = serde_json::Map::new();
            // RSMF 2.0 has events for joining and leaving; a rename stays a message
            let kind = match m.ext.get("system_event").and_then(Value::as_str) {
                Some("joinConversation" | "participantsJoin") => "join",
                Some("participantsLeave") => "leave",
                _ => "message",
            };
            ev.insert("type".into(), Value::String(kind.into()));
            ev.insert("id".into(), Value::String(native(&m.id).to_string()));
            ev.insert("participant".into(), Value::String(m.sender.clone()));
            ev.insert("conversation".into(), Value::String(c.id.clone()));
            if let Some(t) = &m.sent_at {
                ev.insert("timestamp".into(), Value::String(t.clone()));
            }
            let body = if m.encrypted && m.text.is_empty() {
                "[encrypted message: its content is not in the export]".to_string()
            } else {
                m.text.clone()
            };
            ev.insert("body".into(), Value::String(body.clone()));
            let mut cu: Vec<(&str, String)> = vec![("lifeboat_id", m.id.clone())];
            if let Some(p) = &m.reply_to {
                let pn = native(p).to_string();
                if in_slice.contains(pn.as_str()) {
                    ev.insert("parent".into(), Value::String(pn));
                } else {
                    cu.push(("reply_to", p.clone()));
                }
            }
            if let Some(se) = m.ext.get("system_event").and_then(Value::as_str) {
                cu.push(("system_event", se.to_string()));
            }
            if let Some(cu_owner) = custodian {
                ev.insert(
                    "direction".into(),
                    Value::String(
                        if m.sender == cu_owner {
                            "outgoing"
                        } else {
                            "incoming"
                        }
                        .into(),
                    ),
                );
            }
            // attachments from the archive's media
            let mut atts = Vec::new();
            for mid in &m.media {
                let Some(rec) = media.get(mid) else {
                    summary.missing_attachments += 1;
                    cu.push(("missing_attachment", mid.clone()));
                    continue;
                };
                let Some(rel) = rec.path.clone() else {
                    summary.missing_attachments += 1;
                    cu.push(("missing_attachment", mid.clone()));
                    continue;
                };
                let file = root.join(&rel);
                if !file.is_file() {
                    summary.missing_attachments += 1;
                    cu.push(("missing_attachment", mid.clone()));
                    continue;
                }
                let ext = Path::new(&rel)
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("bin");
                let sha = rec.sha256.clone().unwrap_or_else(|| slug(mid));
                // the stored name: the first 32 hex digits (a damaged archive may hold
                // anything in `sha256`; only its safe characters are used)
                let stem: String = crate::records::slug(&sha).chars().take(32).collect();
                let ext = crate::records::slug(ext);
                let name = format!("{stem}.{ext}");
                let display = rec
                    .original_path
                    .as_deref()
                    .and_then(|p| p.rsplit('/').next())
                    .unwrap_or(&name)
                    .to_string();
                if names.insert(name.clone()) {
                    zip_files.push((name.clone(), file));
                    summary.attachments += 1;
                }
                atts.push(json!({"id": name, "display": display, "size": rec.bytes.unwrap_or(0)}));
            }
            if !atts.is_empty() {
                ev.insert("attachments".into(), Value::Array(atts));
            }
            // earlier versions: 2.0 edits with the previous and new text
            if !m.history.is_empty() {
                let mut texts: Vec<(Option<String>, String)> = m
                    .history
                    .iter()
                    .map(|v| (v.created_at.clone(), v.text.clone().unwrap_or_default()))
                    .collect();
                texts.push((m.sent_at.clone(), m.text.clone()));
                let edits: Vec<Value> = texts
                    .windows(2)
                    .map(|w| {
                        let mut e = serde_json::Map::new();
                        e.insert("participant".into(), Value::String(m.sender.clone()));
                        if let Some(t) = &w[1].0 {
                            e.insert("timestamp".into(), Value::String(t.clone()));
                        }
                        e.insert("previous".into(), Value::String(w[0].1.clone()));
                        e.insert("new".into(), Value::String(w[1].1.clone()));
                        Value::Object(e)
                    })
                    .collect();
                ev.insert("edits".into(), Value::Array(edits));
            }
            if let Some(rs) = reactions.get(&m.id) {
                let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for (v, who) in rs {
                    let v: String = v.chars().take(30).collect();
                    by.entry(if v.is_empty() { "reaction".into() } else { v })
                        .or_default()
                        .push(who.clone());
                }
                let list: Vec<Value> = by
                    .into_iter()
                    .map(|(v, who)| json!({"value": v, "count": who.len(), "participants": who}))
                    .collect();
                ev.insert("reactions".into(), Value::Array(list));
            }
            let cu_v = custom(&cu);
            if cu_v.as_array().is_some_and(|a| !a.is_empty()) {
                ev.insert("custom".into(), cu_v);
            }
            events.push(Value::Object(ev));
            if kind == "message" {
                summary.messages += 1;
            } else {
                summary.joins_leaves += 1;
            }
            transcript.push_str(&format!(
                "[{}] {}: {}\n",
                m.sent_at.as_deref().unwrap_or("unknown time"),
                display_of(accounts, &m.sender),
                body
            ));
        }
        let title = c
            .title
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                let names: Vec<String> = pids.iter().map(|p| display_of(accounts, p)).collect();
                names.join(", ")
            });
        let mut conv = serde_json::Map::new();
        conv.insert("id".into(), Value::String(c.id.clone()));
        conv.insert("display".into(), Value::String(title.clone()));
        conv.insert("platform".into(), Value::String(c.network.clone()));
        conv.insert(
            "type".into(),
            Value::String(if c.group { "channel" } else { "direct" }.into()),
        );
        conv.insert(
            "participants".into(),
            Value::Array(pids.iter().cloned().map(Value::String).collect()),
        );
        if let Some(cu) = custodian.filter(|cu| pids.contains(*cu)) {
            conv.insert("custodian".into(), Value::String(cu.to_string()));
        }
        let mut manifest = serde_json::Map::new();
        manifest.insert("version".into(), Value::String("2.0.0".into()));
        manifest.insert("participants".into(), Value::Array(participants));
        manifest.insert(
            "conversations".into(),
            Value::Array(vec![Value::Object(conv)]),
        );
        if split {
            manifest.insert("eventcollectionid".into(), Value::String(c.id.clone()));
        }
        manifest.insert("events".into(), Value::Array(events));
        let manifest = Value::Object(manifest);

        // the zip layer
        let mut zbuf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut zbuf);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            let zerr = |e: zip::result::ZipError| Error::io(out, std::io::Error::other(e));
            z.start_file("rsmf_manifest.json", o).map_err(zerr)?;
            z.write_all(
                serde_json::to_string_pretty(&manifest)
                    .unwrap_or_default()
                    .as_bytes(),
            )
            .map_err(|e| Error::io(out, e))?;
            for (name, file) in &zip_files {
                z.start_file(name.as_str(), o).map_err(zerr)?;
                let mut f = File::open(file).map_err(|e| Error::io(file, e))?;
                std::io::copy(&mut f, &mut z).map_err(|e| Error::io(file, e))?;
            }
            z.finish().map_err(zerr)?;
        }
        let zip_bytes = zbuf.into_inner();

        // the EML layer
        let begin = chunk.iter().filter_map(|m| m.sent_at.clone()).min();
        let end = chunk.iter().filter_map(|m| m.sent_at.clone()).max();
        let names: Vec<String> = pids.iter().map(|p| display_of(accounts, p)).collect();
        let mut headers: Vec<(String, String)> = vec![
            ("X-RSMF-Version".into(), "2.0.0".into()),
            (
                "X-RSMF-Generator".into(),
                format!("lifeboat {}", env!("CARGO_PKG_VERSION")),
            ),
            ("X-RSMF-Application".into(), c.network.clone()),
            ("X-RSMF-EventCount".into(), chunk.len().to_string()),
            ("X-RSMF-AttachmentCount".into(), zip_files.len().to_string()),
            ("X-RSMF-Participants".into(), names.join(", ")),
        ];
        if let Some(b) = &begin {
            headers.push(("X-RSMF-BeginDate".into(), b.clone()));
        }
        if let Some(e) = &end {
            headers.push(("X-RSMF-EndDate".into(), e.clone()));
        }
        if split {
            headers.push(("X-RSMF-EventCollectionID".into(), c.id.clone()));
        }
        if let Some(cu) = custodian {
            headers.push(("X-RSMF-Custodian".into(), display_of(accounts, cu)));
            headers.push((
                "From".into(),
                crate::records::eml::mailbox(&display_of(accounts, cu), cu),
            ));
        }
        headers.push((
            "To".into(),
            pids.iter()
                .map(|p| crate::records::eml::mailbox(&display_of(accounts, p), p))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        let subject = if split {
            format!("{} ({}/{})", title, part + 1, chunks.len())
        } else {
            title.clone()
        };
        headers.push(("Subject".into(), subject));
        if let Some(b) = &begin {
            if let Some((t, _)) = crate::model::Timestamp::parse(b) {
                headers.push(("Date".into(), crate::records::eml::rfc5322_date(&t)));
            }
        }
        let eml = crate::records::eml::mime_message(
            &headers,
            &transcript,
            &[("rsmf.zip", "application/octet-stream", &zip_bytes)],
        );
        let name = if split {
            format!("{}-{:03}.rsmf", slug(native(&c.id)), part + 1)
        } else {
            format!("{}.rsmf", slug(native(&c.id)))
        };
        // the slug is cut and lossy: a short hash of the id keeps names unique
        let tag = &crate::archive::hex(&{
            use sha2::Digest;
            sha2::Sha256::digest(c.id.as_bytes()).to_vec()
        })[..8];
        let path = out.join(format!("{}-{tag}-{name}", slug(&c.network)));
        fs::write(&path, eml).map_err(|e| Error::io(&path, e))?;
        summary.files += 1;
    }
    Ok(())
}
