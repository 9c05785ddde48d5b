//! `--threads`: one file per public thread (a post and its replies), as a channel.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct PostMin {
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
pub(super) fn export_threads(
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
