//! The CSV tables of a channel (videos, comments, live chat, playlists, subscriptions),
//! told apart by their header whatever the language of the file names.

use super::videos::playlist_covers;
use super::*;

/// What a CSV table is, by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TableRole {
    Channel,
    ChannelSettings,
    Videos,
    VideoTexts,
    Recordings,
    Comments,
    LiveChat,
    Subscriptions,
    PlaylistIndex,
    PlaylistItems,
    PlaylistTwoTables,
    /// `Total Liked Videos,81`: a count, no list (Y3 `Liked videos.csv`).
    LikeCount,
    Unknown,
}

pub(super) fn classify(header: &[String]) -> TableRole {
    let h: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    let has = |n: &str| h.iter().any(|c| c == n);
    let first = h.first().map(String::as_str).unwrap_or("");
    if h.len() == 2 && first.starts_with("total ") && h[1].trim().parse::<u64>().is_ok() {
        TableRole::LikeCount
    } else if has("comment id") {
        TableRole::Comments
    } else if has("live chat id") {
        TableRole::LiveChat
    } else if has("playlist id") && has("time created") {
        TableRole::PlaylistTwoTables
    } else if has("playlist id") {
        TableRole::PlaylistIndex
    } else if has("video id") && h.iter().any(|c| c.starts_with("video recording")) {
        TableRole::Recordings
    } else if has("video id") && h.iter().any(|c| c.contains("text segments")) {
        TableRole::VideoTexts
    } else if (has("video id") || first == "video id")
        && (has("approx duration (ms)")
            || has("video title (original)")
            || has("title")
            || has("privacy"))
    {
        TableRole::Videos
    } else if has("channel id") && has("channel title (original)") {
        TableRole::Channel
    } else if h.len() == 3
        && h[1].contains("url")
        && !h[1].contains("vanity")
        && h[0].contains("id")
    {
        // `Channel Id,Channel Url,Channel Title`, `Kanal-ID,Kanal-URL,Kanaltitel`, …
        TableRole::Subscriptions
    } else if first == "channel id" {
        TableRole::ChannelSettings
    } else if h.len() == 2 && first.ends_with("id") {
        // `Video ID,Playlist Video Creation Timestamp` and its translations
        TableRole::PlaylistItems
    } else {
        TableRole::Unknown
    }
}

/// The text of a comment or live-chat cell (FORMAT.md §5.2): `{"takeoutSegments":[…]}`,
/// comma-joined segment objects, or plain text. Returns the text, the links of its
/// segments, and the segments themselves when they carry more than text.
pub(super) fn segments(cell: &str) -> (String, Vec<Link>, Option<Value>) {
    let t = cell.trim();
    if !t.starts_with('{') {
        return (cell.to_string(), Vec::new(), None);
    }
    let parsed: Option<Value> = if t.starts_with("{\"takeoutSegments\"") {
        serde_json::from_str::<Value>(t)
            .ok()
            .and_then(|mut v| v.get_mut("takeoutSegments").map(Value::take))
    } else {
        serde_json::from_str::<Value>(&format!("[{t}]")).ok()
    };
    let Some(Value::Array(segs)) = parsed else {
        return (cell.to_string(), Vec::new(), None);
    };
    let mut text = String::new();
    let mut links = Vec::new();
    let mut rich = false;
    for s in &segs {
        let Some(o) = s.as_object() else {
            continue;
        };
        let piece = o.get("text").and_then(Value::as_str).unwrap_or("");
        text.push_str(piece);
        if o.keys().any(|k| k != "text") {
            rich = true;
        }
        if let Some(u) = o
            .get("link")
            .and_then(|l| l.get("linkUrl"))
            .and_then(Value::as_str)
        {
            links.push(Link {
                url: u.to_string(),
                short_url: None,
                display: (!piece.is_empty() && piece != u).then(|| piece.to_string()),
            });
        }
        if let Some(v) = o.get("videoLink") {
            if let Some(id) = v.get("externalVideoId").and_then(Value::as_str) {
                let mut url = watch_url(id);
                if let Some(s) = v.get("startTimeSeconds").and_then(Value::as_u64) {
                    url.push_str(&format!("&t={s}s"));
                }
                links.push(Link {
                    url,
                    short_url: None,
                    display: (!piece.is_empty()).then(|| piece.to_string()),
                });
            }
        }
    }
    (text, links, rich.then_some(Value::Array(segs)))
}

impl YouTube {
    pub(super) fn csv(&mut self, e: &Entry, buf: &[u8], cx: &mut Context) -> Result<u64> {
        let mut t = match Table::new(buf) {
            Ok(t) => t,
            Err(bad) => {
                cx.report.warn(format!(
                    "{}: {}; carried verbatim",
                    loc(e, bad.line),
                    bad.reason
                ));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                return Ok(0);
            }
        };
        let role = classify(t.header());
        self.covered.insert(e.name.clone(), table_covers(role));
        match role {
            TableRole::Channel => self.rows(e, &mut t, cx, Kind::Account, |me, row, src, _| {
                if let Some(id) = row.get("channel id") {
                    if me.owner.is_none() {
                        me.owner = Some(id.to_string());
                        me.owner_title = row.get("channel title (original)").map(str::to_string);
                        me.owner_source = Some(src);
                    }
                    me.owner_ext
                        .extend_map(row.rest(&["channel id", "channel title (original)"]));
                }
                Ok(())
            }),
            TableRole::ChannelSettings => {
                self.rows(e, &mut t, cx, Kind::Account, |me, row, _src, _| {
                    // the vanity name is the handle
                    if me.owner_handle.is_none() {
                        me.owner_handle = row
                            .get("channel vanity url 1 name")
                            .map(|h| h.trim_start_matches('@').to_string());
                    }
                    me.owner_ext.extend_map(row.rest(&["channel id"]));
                    Ok(())
                })?;
                // settings are fields of the owner's account, not records
                Ok(0)
            }
            TableRole::Videos => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.video_row(row, src, cx)
            }),
            TableRole::VideoTexts => {
                self.rows(e, &mut t, cx, Kind::Post, |me, row, _src, _| {
                    if let (Some(id), Some(u)) =
                        (row.get("video id"), row.get("video text update timestamp"))
                    {
                        me.text_updates.insert(id.to_string(), u.to_string());
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::Recordings => {
                self.rows(e, &mut t, cx, Kind::Post, |me, row, _src, _| {
                    let Some(id) = row.get("video id") else {
                        return Ok(());
                    };
                    let rest = row.rest(&["video id"]);
                    // `0,0,0` is "not set"
                    let set = rest
                        .values()
                        .any(|v| v.as_str().is_some_and(|s| s.parse::<f64>() != Ok(0.0)));
                    if set {
                        me.recordings.insert(id.to_string(), Value::Object(rest));
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::Comments => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.comment(row, src, cx, false)
            }),
            TableRole::LiveChat => self.rows(e, &mut t, cx, Kind::Post, |me, row, src, cx| {
                me.comment(row, src, cx, true)
            }),
            TableRole::Subscriptions => {
                self.rows(e, &mut t, cx, Kind::Relationship, |me, row, src, cx| {
                    let url = row.cell(1).unwrap_or("http");
                    if !url.starts_with("http") {
                        // not a subscription: a translated channel settings table
                        me.owner_ext.extend_map(row.rest(&[]));
                        return Ok(());
                    }
                    match row.cell(0) {
                        Some(c) => me.subs.push(Sub {
                            channel: c.to_string(),
                            url: row.cell(1).map(str::to_string),
                            // titles may end in spaces: keep them
                            title: row.raw_cell(2).map(str::to_string),
                            source: src,
                        }),
                        None => cx.report.skipped(
                            Kind::Relationship,
                            "subscription without a channel id",
                            format!("{}#{}", src.entry, src.index.unwrap_or(0)),
                        ),
                    }
                    Ok(())
                })?;
                Ok(self.subs.len() as u64)
            }
            TableRole::PlaylistIndex => {
                self.rows(e, &mut t, cx, Kind::Reaction, |me, row, _src, _| {
                    if let Some(id) = row.get("playlist id") {
                        let title = row
                            .raw("playlist title (original)")
                            .or_else(|| row.raw("playlist title"))
                            .unwrap_or("")
                            .to_string();
                        me.playlists.push(Playlist {
                            id: id.to_string(),
                            title,
                            meta: row.rest(&["playlist id"]),
                        });
                    }
                    Ok(())
                })?;
                Ok(0)
            }
            TableRole::PlaylistItems => {
                let mut items = Vec::new();
                let n = self.rows(e, &mut t, cx, Kind::Reaction, |_, row, src, _| {
                    if let Some(v) = row.cell(0) {
                        items.push(Item {
                            video: v.to_string(),
                            added: row.cell(1).map(str::to_string),
                            source: src,
                        });
                    }
                    Ok(())
                })?;
                self.playlist_entries.insert(stem(&e.name), e.name.clone());
                self.playlist_files.push((stem(&e.name), items));
                Ok(n)
            }
            TableRole::PlaylistTwoTables => self.two_tables(e, &mut t, cx),
            TableRole::LikeCount => {
                // a count the export states about itself: reconciled at the end with
                // the likes read; the file itself is kept
                let h = t.header();
                let n = h
                    .get(1)
                    .and_then(|c| c.trim().parse::<u64>().ok())
                    .unwrap_or(0);
                let what = h.first().cloned().unwrap_or_default();
                self.declared_likes
                    .push((format!("{}: {}", e.name, what.trim()), n));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                Ok(0)
            }
            TableRole::Unknown => {
                cx.report.warn(format!(
                    "{}: a table lifeboat does not map (header {:?}): carried verbatim",
                    e.name,
                    t.header().iter().take(4).collect::<Vec<_>>()
                ));
                cx.sink.carry(&e.name, &mut &buf[..])?;
                Ok(0)
            }
        }
    }

    /// A Y2 playlist file: the playlist's row, a blank line, then `Video Id,Time Added`.
    pub(super) fn two_tables(
        &mut self,
        e: &Entry,
        t: &mut Table<&[u8]>,
        cx: &mut Context,
    ) -> Result<u64> {
        let mut pl: Option<Playlist> = None;
        let mut header_seen = false;
        let mut items = Vec::new();
        let mut n = 0u64;
        while let Some(row) = t.next_row() {
            let row = match row {
                Ok(r) => r,
                Err(bad) => {
                    cx.report
                        .skipped(Kind::Reaction, bad.reason, loc(e, bad.line));
                    n += 1;
                    if bad.fatal {
                        break;
                    }
                    continue;
                }
            };
            if pl.is_none() {
                let id = row.cell(0).unwrap_or("").to_string();
                if let Some(c) = row.cell(1) {
                    self.saw_author(c, &Source::at(&e.name, 0));
                }
                pl = Some(Playlist {
                    id,
                    title: row.get("title").unwrap_or("").to_string(),
                    meta: row.rest(&["playlist id"]),
                });
            } else if !header_seen {
                header_seen = true; // `Video Id,Time Added`, translated or not
            } else if let Some(v) = row.cell(0) {
                n += 1;
                items.push(Item {
                    video: v.to_string(),
                    added: row.cell(1).map(str::to_string),
                    source: Source::at(&e.name, n - 1),
                });
            }
        }
        if let Some(p) = pl {
            self.covered.insert(e.name.clone(), playlist_covers(&p));
            self.playlist_tables.push((p, items));
        }
        Ok(n)
    }

    pub(super) fn video_row(&mut self, row: &Row, src: Source, cx: &mut Context) -> Result<()> {
        let Some(id) = row.get("video id") else {
            cx.report.skipped(
                Kind::Post,
                "video without an id",
                format!("{}#{}", src.entry, src.index.unwrap_or(0)),
            );
            return Ok(());
        };
        let pick = |names: &[&str]| names.iter().find_map(|n| row.raw(n)).map(str::to_string);
        let title = pick(&["video title (original)", "title", "video title"]).unwrap_or_default();
        let description = pick(&[
            "video description (original)",
            "description",
            "video description",
        ])
        .unwrap_or_default();
        let channel = row
            .get("channel id")
            .map(str::to_string)
            .or_else(|| self.owner.clone());
        if let Some(c) = &channel {
            self.saw_author(c, &src);
        }
        let mut tags = Vec::new();
        let mut mapped: Vec<String> = vec![
            "video id",
            "video title (original)",
            "title",
            "video title",
            "video description (original)",
            "description",
            "video description",
            "channel id",
            "privacy",
            "visibility",
            "video create timestamp",
            "time created",
            "video publish timestamp",
            "time published",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for (k, v) in row.rest(&[]) {
            if k.to_lowercase().starts_with("tag ") {
                if let Some(s) = v.as_str() {
                    tags.push(s.to_string());
                }
                mapped.push(k.to_lowercase());
            }
        }
        let mut metrics = BTreeMap::new();
        for (col, key) in [
            ("view count", "views"),
            ("like count", "likes"),
            ("dislike count", "dislikes"),
        ] {
            if let Some(n) = row.get(col).and_then(|v| v.parse::<u64>().ok()) {
                metrics.insert(key.to_string(), n);
                mapped.push(col.to_string());
            }
        }
        let mapped_refs: Vec<&str> = mapped.iter().map(String::as_str).collect();
        self.videos.push(VideoRow {
            id: id.to_string(),
            title,
            description,
            channel,
            privacy: pick(&["privacy", "visibility"]),
            created: pick(&["video create timestamp", "time created"]),
            published: pick(&["video publish timestamp", "time published"]),
            tags,
            metrics,
            ext: Ext::from_map(row.rest(&mapped_refs)),
            source: src,
        });
        Ok(())
    }

    /// A row of `comments.csv` or `live chats.csv`: a post answering its parent
    /// comment, community post or video.
    pub(super) fn comment(
        &mut self,
        row: &Row,
        src: Source,
        cx: &mut Context,
        live: bool,
    ) -> Result<()> {
        let (id_col, time_col, text_col) = if live {
            (
                "live chat id",
                "live chat create timestamp",
                "live chat text",
            )
        } else {
            ("comment id", "comment create timestamp", "comment text")
        };
        let l = format!("{}#{}", src.entry, src.index.unwrap_or(0));
        let Some(id) = row.get(id_col) else {
            cx.report.skipped(Kind::Post, "row without an id", l);
            return Ok(());
        };
        // a comment listed twice is kept twice (the id guard derives the second's id)
        self.post_ids.insert(id.to_string());
        let author = match row.get("channel id") {
            Some(c) => {
                self.saw_author(c, &src);
                Self::account_id(c)
            }
            None => String::new(), // the owner, filled in at the end
        };
        let mut raw = RawTimes::new();
        let created_at = time(row.get(time_col), "created_at", &mut raw);
        let (text, links, rich) = segments(row.raw(text_col).unwrap_or(""));
        let video = row.get("video id");
        let post = row.get("post id");
        let parent = row
            .get("parent comment id")
            .or_else(|| id.split_once('.').map(|(p, _)| p).filter(|p| !p.is_empty()));
        let reply_to = parent.or(post).or(video);
        let mut ext = Ext::from_map(row.rest(&[
            id_col,
            "channel id",
            time_col,
            text_col,
            "parent comment id",
        ]));
        if let Some(r) = rich {
            ext.insert("text_segments", r);
        }
        if live {
            ext.insert_string("youtube_kind", "live_chat".into());
        }
        let url = match (video, post) {
            (Some(v), _) if !live => Some(format!("{}&lc={id}", watch_url(v))),
            (None, Some(p)) => Some(format!("https://www.youtube.com/post/{p}")),
            _ => None,
        };
        let p = Post {
            id: record_id(NET, Kind::Post, id),
            network: NET.into(),
            author,
            created_at,
            text,
            url,
            reply_to: reply_to.map(|r| record_id(NET, Kind::Post, r)),
            visibility: Visibility::Public,
            links,
            raw_times: raw,
            source: src,
            ext,
            ..Default::default()
        };
        if p.author.is_empty() {
            self.pending.push(Record::Post(p));
            Ok(())
        } else {
            cx.emit(Record::Post(p))
        }
    }
}
