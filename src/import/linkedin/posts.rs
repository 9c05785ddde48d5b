//! Shares, comments, reactions and rich media (`Shares.csv`, `Comments.csv`,
//! `Reactions.csv`, `Rich_Media.csv`, …) and the articles (`Articles/*.html`).

use super::*;

/// The URN a feed URL names, without `urn:li:`: `ugcPost:7193…`, `activity:…`,
/// `comment:(activity:…,…)` when the link targets a comment.
pub(super) fn urn_of(link: &str) -> Option<String> {
    let decoded = percent_decode(link);
    let comment = decoded
        .split_once("commentUrn=")
        .map(|(_, c)| c.split('&').next().unwrap_or(c).to_string());
    let pick = comment.unwrap_or_else(|| {
        let path = decoded.split(['?', '#']).next().unwrap_or(&decoded);
        path.trim_end_matches('/').to_string()
    });
    let i = pick.find("urn:li:")?;
    let urn = pick[i + "urn:li:".len()..].trim_end_matches('/');
    (!urn.is_empty()).then(|| urn.to_string())
}

/// `%3A` → `:` and friends (invalid escapes are left as they are).
pub(super) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// URLs in plain text (LinkedIn writes links as bare `https://lnkd.in/…`).
pub(super) fn links_in(text: &str) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    // one searcher over the text (not one per word: this runs on every message)
    for (i, _) in text.match_indices("http") {
        let rest = &text[i..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let u = rest[..end].trim_end_matches(['.', ',', ')', '"', '\'', ';', ':', '!', '?']);
        if u.len() > 8 && !out.iter().any(|l| l.url == u) {
            out.push(Link {
                url: u.to_string(),
                short_url: None,
                display: None,
            });
        }
    }
    out
}

/// Shares.csv writes every line break of a post as `"` LF `"` (FORMAT.md §1.2).
pub(super) fn repair_share_text(s: &str) -> (String, bool) {
    if s.contains("\"\n\"") {
        (s.replace("\"\n\"", "\n"), true)
    } else {
        (s.to_string(), false)
    }
}

impl LinkedIn {
    pub(super) fn share(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let link = row.get("ShareLink").or_else(|| row.get("Share Link"));
        let Some(native) = link.and_then(urn_of) else {
            cx.report
                .skipped(Kind::Post, "share without a ShareLink URN", l);
            return Ok(());
        };
        let id = record_id(NET, Kind::Post, &native);
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let body = row
            .raw("ShareCommentary")
            .or_else(|| row.raw("Share Commentary"))
            .unwrap_or("");
        let (text, repaired) = repair_share_text(body);
        if repaired {
            cx.report.repair("line_quotes");
        }
        let mut links = links_in(&text);
        if let Some(u) = row.get("SharedUrl").or_else(|| row.get("Shared URL")) {
            if !links.iter().any(|l| l.url == u) {
                links.push(Link {
                    url: u.to_string(),
                    short_url: None,
                    display: row.get("Share Description").map(str::to_string),
                });
            }
        }
        let mut media = self.claim_uploads(&id, created_at);
        if let Some(u) = row.get("MediaUrl").or_else(|| row.get("Media URL")) {
            let mid = record_id(NET, Kind::Media, &format!("{native}/0"));
            media.push(mid.clone());
            let m = Media {
                id: mid,
                network: NET.into(),
                kind: "photo".into(),
                original_url: Some(u.to_string()),
                attached_to: vec![id.clone()],
                source: src.clone(),
                ..Default::default()
            };
            cx.emit(Record::Media(m))?;
        }
        if text.trim().is_empty() && links.is_empty() && media.is_empty() {
            // a bare repost: the export names only the repost itself
            ext.insert("bare_repost", Value::Bool(true));
        }
        ext.extend_map(row.rest(&[
            "Date",
            "ShareLink",
            "Share Link",
            "ShareCommentary",
            "Share Commentary",
            "SharedUrl",
            "Shared URL",
            "MediaUrl",
            "Media URL",
            "Visibility",
            "Share Title",
        ]));
        let p = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            text,
            title: row.get("Share Title").map(str::to_string),
            url: link.map(str::to_string),
            visibility: visibility(row.get("Visibility")),
            media,
            links,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))
    }

    pub(super) fn comment(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let link = row.get("Link");
        let text = row.raw("Message").unwrap_or("").to_string();
        if link.is_none() && text.trim().is_empty() {
            cx.report
                .skipped(Kind::Post, "comment without a link or a message", l);
            return Ok(());
        }
        let date = row.get("Date").unwrap_or("");
        let native = format!("comment/{:016x}", fnv(&[date, link.unwrap_or(""), &text]));
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let reply_to = link
            .and_then(urn_of)
            .map(|u| record_id(NET, Kind::Post, &u));
        if reply_to.is_none() {
            if let Some(l) = link {
                ext.insert_string("Link", l.to_string());
            }
        }
        ext.extend_map(row.rest(&["Date", "Link", "Message"]));
        let p = Post {
            id: record_id(NET, Kind::Post, &native),
            network: NET.into(),
            author: self.owner_id(),
            created_at,
            links: links_in(&text),
            text,
            url: link.map(str::to_string),
            reply_to,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))
    }

    pub(super) fn reaction(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        vote: bool,
    ) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let Some(link) = row.get("Link") else {
            cx.report
                .skipped(Kind::Reaction, "reaction without a link", l);
            return Ok(());
        };
        let target_native = urn_of(link).unwrap_or_else(|| link.to_string());
        let (kind, emoji) = if vote {
            ("vote", None)
        } else {
            match row.get("Type").map(|t| t.to_ascii_uppercase()) {
                Some(t) if t == "LIKE" => ("like", None),
                Some(t) => ("emoji", Some(t)),
                None => ("like", None),
            }
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let created_at = time(row, &["Date"], "created_at", &mut raw, &mut ext);
        let key = if vote {
            format!("/{:016x}", fnv(&[row.get("OptionText").unwrap_or("")]))
        } else {
            String::new()
        };
        ext.extend_map(row.rest(&["Date", "Type", "Link"]));
        let r = Reaction {
            id: record_id(
                NET,
                Kind::Reaction,
                &format!("{kind}/owner/{target_native}{key}"),
            ),
            network: NET.into(),
            kind: kind.into(),
            actor: self.owner_id(),
            target: record_id(NET, Kind::Post, &target_native),
            emoji,
            created_at,
            target_url: Some(link.to_string()),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    pub(super) fn rich_media(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let l = loc(&src.entry, row.line);
        let Some(link) = row.get("Media Link") else {
            cx.report
                .skipped(Kind::Media, "Rich_Media row without a link", l);
            return Ok(());
        };
        // the query (`?e=…&t=…`) is a signature that changes between exports
        let stable = link.split('?').next().unwrap_or(link);
        let when = row.get("Date/Time").unwrap_or("");
        let kind = if when.contains(" video ") {
            "video"
        } else if when.contains(" document ") {
            "document"
        } else {
            "photo"
        };
        let mut ext = Ext::default();
        if let Some(t) = prose_time(when) {
            ext.insert_string("uploaded_at", t.to_rfc3339());
        }
        ext.extend_map(row.rest(&["Media Link", "Media Description"]));
        let uploaded = prose_time(when);
        let m = Media {
            id: record_id(NET, Kind::Media, &format!("upload/{:016x}", fnv(&[stable]))),
            network: NET.into(),
            kind: kind.into(),
            alt_text: row
                .get("Media Description")
                .filter(|d| *d != "-")
                .map(str::to_string),
            original_url: Some(link.to_string()),
            source: src,
            ext,
            ..Default::default()
        };
        if self.uploads.len() < UPLOADS_HELD {
            // held until the shares are read: one of them may be its post
            self.uploads.push((uploaded, m));
            return Ok(());
        }
        cx.emit(Record::Media(m))
    }

    /// Uploads (Rich_Media) made at most [`UPLOAD_WINDOW_MS`] before a share, not yet
    /// claimed: taken to be its media (the export has no key between them).
    pub(super) fn claim_uploads(&mut self, post: &str, at: Option<Timestamp>) -> Vec<String> {
        let Some(at) = at else { return Vec::new() };
        let mut out = Vec::new();
        for (when, m) in &mut self.uploads {
            let Some(w) = when else { continue };
            let gap = at.millis() - w.millis();
            if m.attached_to.is_empty() && (0..=UPLOAD_WINDOW_MS).contains(&gap) {
                m.attached_to.push(post.to_string());
                m.ext.insert_string("attached_by", "upload time".into());
                out.push(m.id.clone());
            }
        }
        out
    }

    pub(super) fn article(
        &mut self,
        e: &Entry,
        r: &mut (dyn Read + Send),
        cx: &mut Context,
    ) -> Result<u64> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|err| Error::io(&e.name, err))?;
        let html = String::from_utf8_lossy(&bytes);
        let src = Source::entry(&e.name);
        let between = |s: &str, start: &str, end: &str| -> Option<String> {
            let i = s.find(start)? + start.len();
            let j = s[i..].find(end)? + i;
            Some(s[i..j].to_string())
        };
        let h1 = between(&html, "<h1>", "</h1>");
        let href = h1
            .as_deref()
            .and_then(|h| crate::read::html::render(h).anchors.into_iter().next())
            .map(|a| a.href);
        let title = h1
            .as_deref()
            .map(crate::read::html::to_text)
            .or_else(|| {
                between(&html, "<title>", "</title>").map(|t| crate::read::html::to_text(&t))
            })
            .filter(|t| !t.is_empty());
        let created = between(&html, "<p class=\"created\">", "</p>");
        let published = between(&html, "<p class=\"published\">", "</p>");
        // the body: the first <div> after the header paragraphs, to the end of <body>
        let after = html
            .find("<p class=\"published\">")
            .or_else(|| html.find("<p class=\"created\">"))
            .or_else(|| html.find("</h1>"))
            .unwrap_or(0);
        let body_html = html[after..]
            .find("<div")
            .map(|i| {
                let rest = &html[after + i..];
                let end = rest.rfind("</body>").unwrap_or(rest.len());
                rest[..end].trim().to_string()
            })
            .unwrap_or_default();
        if body_html.is_empty() && title.is_none() {
            cx.report
                .skipped(Kind::Post, "an HTML file that is not an article", &e.name);
            return Ok(1);
        }
        let native = match href.as_deref() {
            Some(h) if h.contains("/pulse/") => {
                let slug = h.split("/pulse/").nth(1).unwrap_or("");
                format!(
                    "article:{}",
                    slug.split(['?', '#', '/']).next().unwrap_or(slug)
                )
            }
            Some(h) if h.contains("/post/edit/") => {
                let id = h.split("/post/edit/").nth(1).unwrap_or("");
                format!("article:{}", id.split(['?', '#', '/']).next().unwrap_or(id))
            }
            _ => format!("article:{}", e.file_name().trim_end_matches(".html")),
        };
        let mut raw = BTreeMap::new();
        let mut ext = Ext::default();
        let mut parse_p = |label: &str, s: Option<&String>, field: &str| -> Option<Timestamp> {
            let s = crate::read::html::to_text(s?);
            let v = s.trim().strip_prefix(label)?.trim().to_string();
            let (t, _) = Timestamp::parse(&v)?;
            raw.insert(field.to_string(), v);
            Some(t)
        };
        let created_at_c = parse_p("Created on", created.as_ref(), "created");
        let published_at = parse_p("Published on", published.as_ref(), "created_at");
        if let Some(c) = created_at_c {
            ext.insert_string("created", c.to_rfc3339());
        }
        let draft = published_at.is_none();
        let id = record_id(NET, Kind::Post, &native);
        let mut media = Vec::new();
        let head = &html[..after.min(html.len())];
        if let Some(i) = head.find("<img") {
            if let Some(src_url) = head[i..]
                .find('>')
                .and_then(|j| crate::read::html::attr(&head[i + 4..i + j], "src"))
            {
                let mid = record_id(NET, Kind::Media, &format!("{native}/cover"));
                media.push(mid.clone());
                cx.emit(Record::Media(Media {
                    id: mid,
                    network: NET.into(),
                    kind: "photo".into(),
                    original_url: Some(src_url),
                    attached_to: vec![id.clone()],
                    source: src.clone(),
                    ..Default::default()
                }))?;
            }
        }
        let rendered = crate::read::html::render(&body_html);
        let p = Post {
            id,
            network: NET.into(),
            author: self.owner_id(),
            created_at: published_at.or(created_at_c),
            text: rendered.text,
            html: Some(body_html),
            title,
            url: href.filter(|h| h.contains("/pulse/")),
            visibility: if draft {
                Visibility::Private
            } else {
                Visibility::Public
            },
            status: draft.then(|| "draft".to_string()),
            media,
            links: rendered
                .anchors
                .into_iter()
                .map(|a| Link {
                    url: a.href,
                    short_url: None,
                    display: Some(a.text).filter(|t| !t.is_empty()),
                })
                .collect(),
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Post(p))?;
        Ok(1)
    }
}
