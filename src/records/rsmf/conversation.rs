//! One conversation as RSMF files: the manifest's participants and events, the zip,
//! the EML layer with its transcript.

use super::*;

pub(super) fn display_of(accounts: &HashMap<String, Acct>, id: &str) -> String {
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

pub(super) fn custom(pairs: &[(&str, String)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .filter(|(n, v)| !n.is_empty() && !v.is_empty())
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn write_conversation(
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
