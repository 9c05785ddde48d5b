//! Note tweets (long posts) joined to their tweets, and edits merged into one post.

use super::*;

impl Twitter {
    pub(super) fn join_note(
        &mut self,
        tid: u64,
        full_text: &str,
        post: &mut Post,
        cx: &mut Context,
    ) {
        let t_ms = tid >> 22;
        let head = decode_entities(full_text);
        let head = match head.rfind('…') {
            Some(i) => head[..i].trim_end().to_string(),
            None => head.trim_end().to_string(),
        };
        let mut chosen = None;
        for (&nid, note) in self.notes.range(..tid).rev() {
            if t_ms.saturating_sub(nid >> 22) >= 1000 {
                break;
            }
            if note.used {
                continue;
            }
            let text = note
                .value
                .get("core")
                .and_then(|c| c.get("text"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if !head.is_empty() && text.starts_with(&head) {
                chosen = Some(nid);
                break;
            }
        }
        if chosen.is_none()
            && !full_text.starts_with("RT @")
            && decode_entities(full_text).contains('…')
        {
            // A cut head whose text is not a prefix of any note (whitespace or
            // encoding differences): the nearest unused note just before it, within
            // the second, and say so.
            chosen = self
                .notes
                .range(..tid)
                .rev()
                .take_while(|(&nid, _)| t_ms.saturating_sub(nid >> 22) < 1000)
                .find(|(_, n)| !n.used)
                .map(|(&nid, _)| nid);
            if let Some(nid) = chosen {
                cx.report.repair("note_joined_by_time");
                cx.report.warn(format!(
                    "note tweet {nid} joined to tweet {tid} by time only: the tweet's text is not a prefix of the note's"
                ));
            }
        }
        let Some(nid) = chosen else { return };
        let Some(note) = self.notes.get_mut(&nid) else {
            return;
        };
        note.used = true;
        let mut nm = std::mem::take(&mut note.value);
        let nsrc = note.source.clone();
        let deleted = note.deleted;
        cx.report.converted(Kind::Post);
        apply_note(&mut nm, post);
        nm.insert(
            "source".into(),
            serde_json::to_value(&nsrc).unwrap_or(Value::Null),
        );
        if deleted {
            nm.insert("deleted".into(), Value::Bool(true));
        }
        post.ext.insert("note_tweet", Value::Object(nm));
    }
}

/// Replace a post's text and entities by those of its note tweet.
pub(super) fn apply_note(nm: &mut Map<String, Value>, post: &mut Post) {
    let Some(Value::Object(mut core)) = nm.remove("core") else {
        return;
    };
    let text = take_str(&mut core, "text").unwrap_or_default();
    let mut splices = Vec::new();
    let mut links = Vec::new();
    if let Some(Value::Array(urls)) = core.remove("urls") {
        for u in urls {
            let Value::Object(u) = u else { continue };
            let short = get_str(&u, "shortUrl").unwrap_or("").to_string();
            let exp = get_str(&u, "expandedUrl")
                .map(str::to_string)
                .unwrap_or_else(|| short.clone());
            let a = str_of(u.get("fromIndex"))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let b = str_of(u.get("toIndex"))
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if !short.is_empty() {
                splices.push(Splice {
                    start: a,
                    end: b,
                    with: exp.clone(),
                    expect: short.clone(),
                });
            }
            links.push(Link {
                url: exp,
                short_url: Some(short),
                display: get_str(&u, "displayUrl").map(Into::into),
            });
        }
    }
    // note text is not HTML-escaped
    let new_text = splice(&text, &mut splices, false);
    // style spans are in code points of the note text; links change lengths, so map them.
    let mut styles = Vec::new();
    if let Some(Value::Array(st)) = core.remove("styletags") {
        let shift = shift_map(&text, &splices);
        for s in st {
            let Some(s) = s.as_object() else { continue };
            let a: u64 = str_of(s.get("fromIndex"))
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            let b: u64 = str_of(s.get("toIndex"))
                .and_then(|x| x.parse().ok())
                .unwrap_or(0);
            if let Some(Value::Array(types)) = s.get("styleTypes") {
                for t in types {
                    let name = t
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("style")
                        .to_ascii_lowercase();
                    styles.push(Style {
                        style: name,
                        start: shift(a),
                        end: shift(b),
                    });
                }
            }
        }
    }
    if let Some(Value::Array(ms)) = core.remove("mentions") {
        let mut mentions = Vec::new();
        for mm in ms {
            if let Some(h) = mm.get("screenName").and_then(Value::as_str) {
                let existing = post
                    .mentions
                    .iter()
                    .find(|x| x.handle.eq_ignore_ascii_case(h))
                    .cloned();
                mentions.push(existing.unwrap_or(Mention {
                    handle: h.to_string(),
                    account: None,
                    display_name: None,
                }));
            }
        }
        post.mentions = mentions;
    }
    if let Some(Value::Array(hs)) = core.remove("hashtags") {
        post.tags = hs
            .iter()
            .filter_map(|h| h.get("text")?.as_str().map(str::to_string))
            .collect();
    }
    if let Some(Value::Array(hs)) = core.remove("cashtags") {
        post.symbols = hs
            .iter()
            .filter_map(|h| h.get("text")?.as_str().map(str::to_string))
            .collect();
    }
    // links of the head that the note also has are kept once
    for l in links {
        if !post.links.iter().any(|x| x.url == l.url) {
            post.links.push(l);
        }
    }
    post.text = new_text;
    post.styles = styles;
    if !core.is_empty() {
        nm.insert("core".into(), Value::Object(core));
    }
    nm.insert("text".into(), Value::String(text));
}

/// A function mapping a code-point index of `text` to the same place after the
/// splices were applied.
pub(super) fn shift_map(text: &str, splices: &[Splice]) -> impl Fn(u64) -> u64 {
    let mut deltas: Vec<(u64, i64)> = Vec::new();
    for s in splices {
        let len_old = s.expect.chars().count() as i64;
        let len_new = s.with.chars().count() as i64;
        // where the short link really is
        if let Some(b) = text.find(s.expect.as_str()) {
            let cp = text[..b].chars().count() as u64;
            deltas.push((cp, len_new - len_old));
        }
    }
    deltas.sort();
    move |i: u64| {
        let d: i64 = deltas
            .iter()
            .filter(|(at, _)| *at < i)
            .map(|(_, d)| *d)
            .sum();
        (i as i64 + d).max(0) as u64
    }
}

/// The initial tweet id of an edit chain with more than one version.
pub(super) fn edit_initial(m: &Ext, id: u64) -> Option<u64> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Edit {
        initial_tweet_id: Option<Value>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Initial {
        #[serde(default)]
        edit_tweet_ids: Vec<Value>,
    }
    #[derive(serde::Deserialize)]
    struct EditInfo {
        edit: Option<Edit>,
        initial: Option<Initial>,
    }
    let ei: EditInfo = serde_json::from_str(m.get_json("edit_info")?).ok()?;
    if let Some(i) = ei
        .edit
        .and_then(|e| str_of(e.initial_tweet_id.as_ref()))
        .and_then(|s| s.parse().ok())
    {
        return Some(i);
    }
    let ids = ei.initial?.edit_tweet_ids;
    if ids.len() > 1 {
        let min = ids
            .iter()
            .filter_map(|v| str_of(Some(v))?.parse::<u64>().ok())
            .min()?;
        return Some(min.min(id));
    }
    None
}

/// Fold the versions of an edited tweet into one post: the newest version is the
/// body, the earlier ones its history, the id is the initial tweet's.
pub(crate) fn merge_edits(mut versions: Vec<Post>) -> Post {
    versions.sort_by_key(|p| native_num(&p.id));
    let first_id = versions.first().map(|p| p.id.clone()).unwrap_or_default();
    let first_time = versions.first().and_then(|p| p.created_at);
    let Some(mut newest) = versions.pop() else {
        return Post::default();
    };
    let edit_ids: Vec<Value> = versions
        .iter()
        .map(|p| Value::String(native(&p.id).to_string()))
        .chain(std::iter::once(Value::String(
            native(&newest.id).to_string(),
        )))
        .collect();
    newest.history = versions
        .into_iter()
        .map(|p| PostVersion {
            native_id: Some(native(&p.id).to_string()),
            text: p.text,
            created_at: p.created_at,
            media: p.media,
            source: Some(p.source),
        })
        .collect();
    if !newest.history.is_empty() {
        newest.edited_at = newest.created_at;
        newest.created_at = first_time;
        newest.ext.insert("edit_versions", Value::Array(edit_ids));
        newest.id = first_id;
    }
    newest
}

pub(super) fn native(id: &str) -> &str {
    id.rsplit(':').next().unwrap_or(id)
}

pub(super) fn native_num(id: &str) -> u64 {
    native(id).parse().unwrap_or(0)
}

/// A note tweet whose head is not in the dump becomes a post of its own.
pub(crate) fn orphan_note(id: u64, n: Note, owner: &str, protected: bool) -> Post {
    let mut nm = n.value;
    let mut raw = BTreeMap::new();
    let created_at =
        take_time(&mut nm, "createdAt", "created_at", &mut raw).or_else(|| snowflake_time(id));
    let mut post = Post {
        id: record_id(NET, Kind::Post, &format!("note-{id}")),
        network: NET.into(),
        author: owner.to_string(),
        created_at,
        visibility: if protected {
            Visibility::Followers
        } else {
            Visibility::Public
        },
        raw_times: raw,
        source: n.source,
        ..Default::default()
    };
    if n.deleted {
        post.deleted_at =
            take_time(&mut nm, "updatedAt", "deleted_at", &mut post.raw_times).or(post.created_at);
    }
    apply_note(&mut nm, &mut post);
    nm.remove("text");
    post.ext = Ext::from_map(nm);
    post
}
