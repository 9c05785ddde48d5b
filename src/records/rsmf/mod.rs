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
mod conversation;
mod threads;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::records::slug;
use conversation::*;
use threads::*;

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
