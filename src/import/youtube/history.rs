//! Watch and search history: the HTML lists and the JSON (Takeout and Data API).

use super::tables::TableRole;
use super::videos::playlist_covers;
use super::*;

impl YouTube {
    /// `my-comments.html` and `my-live-chat-messages.html` (Y0–Y2): one `<li>` each,
    /// a sentence frame (translated) with anchors and a UTC time, `<br/>`, the text.
    pub(super) fn html_list(&mut self, e: &Entry, doc: &str, cx: &mut Context) -> Result<u64> {
        let mut n = 0u64;
        let (mut comments, mut lives) = (false, false);
        for el in html::elements(doc) {
            if el.name != "li" {
                continue;
            }
            n += 1;
            let index = n - 1;
            let l = format!("{}#{index}", e.name);
            let inner = el.inner;
            let (frame, body) = match inner.find("<br") {
                Some(i) => {
                    let rest = &inner[i..];
                    let after = rest.find('>').map(|j| &rest[j + 1..]).unwrap_or("");
                    (&inner[..i], after)
                }
                None => (inner, ""),
            };
            let fr = html::render(frame);
            let mut lcs = Vec::new();
            let mut video = None;
            for a in &fr.anchors {
                if let Some(c) = param(&a.href, "lc") {
                    lcs.push(c.to_string());
                }
                if video.is_none() {
                    video = param(&a.href, "v").map(str::to_string);
                }
            }
            let when = find_time(&fr.text);
            let live = lcs.is_empty();
            let native = match (lcs.first(), &video) {
                (Some(c), _) => c.clone(),
                (None, Some(v)) => {
                    format!("live/{v}/{}#{index}", when.as_deref().unwrap_or("undated"))
                }
                (None, None) => {
                    cx.report.skipped(
                        Kind::Post,
                        "list item names neither a comment nor a video",
                        l,
                    );
                    continue;
                }
            };
            // listed twice: kept twice (the id guard derives the second's id)
            self.post_ids.insert(native.clone());
            let parent = lcs
                .get(1)
                .cloned()
                .or_else(|| native.split_once('.').map(|(p, _)| p.to_string()));
            let reply_to = parent.or_else(|| video.clone());
            let mut raw = RawTimes::new();
            let created_at = time(when.as_deref(), "created_at", &mut raw);
            let rendered = html::render(body);
            let links = rendered
                .anchors
                .iter()
                .map(|a| Link {
                    url: a.href.clone(),
                    short_url: None,
                    display: (a.text != a.href && !a.text.is_empty()).then(|| a.text.clone()),
                })
                .collect();
            let mut ext = Ext::default();
            ext.insert_string("frame", fr.text.clone());
            if live {
                ext.insert_string("youtube_kind", "live_chat".into());
            }
            let p = Post {
                id: record_id(NET, Kind::Post, &native),
                network: NET.into(),
                author: String::new(),
                created_at,
                text: rendered.text,
                html: (body.contains('<') || body.contains('&')).then(|| body.to_string()),
                url: match (&video, live) {
                    (Some(v), false) => Some(format!("{}&lc={native}", watch_url(v))),
                    _ => None,
                },
                reply_to: reply_to.map(|r| record_id(NET, Kind::Post, &r)),
                visibility: Visibility::Public,
                links,
                raw_times: raw,
                source: Source::at(&e.name, index),
                ext,
                ..Default::default()
            };
            self.pending.push(Record::Post(p));
            comments |= !live;
            lives |= live;
        }
        self.covered.insert(
            e.name.clone(),
            match (comments, lives) {
                (true, true) => &["post:comments", "post:live_chat", "account:comments"],
                (true, false) => &["post:comments", "account:comments"],
                (false, true) => &["post:live_chat"],
                (false, false) => &[],
            },
        );
        Ok(n)
    }

    /// Y1 JSON playlists and subscriptions: arrays of YouTube Data API resources.
    pub(super) fn data_api(&mut self, e: &Entry, items: &[Value], cx: &mut Context) -> Result<u64> {
        let mut n = 0u64;
        let mut list: Option<(Playlist, Vec<Item>)> = None;
        for (i, it) in items.iter().enumerate() {
            n += 1;
            let src = Source::at(&e.name, i as u64);
            let sn = it.get("snippet");
            let s = |v: Option<&Value>, k: &str| {
                v.and_then(|v| v.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let resource = sn.and_then(|s| s.get("resourceId"));
            // the channel that subscribed, or that owns the playlist: the owner
            if let Some(c) = s(sn, "channelId") {
                self.saw_author(&c, &src);
            }
            let kind = it.get("kind").and_then(Value::as_str).unwrap_or("");
            if kind == "youtube#subscription" || s(resource, "channelId").is_some() {
                match s(resource, "channelId") {
                    Some(c) => self.subs.push(Sub {
                        url: Some(channel_url(&c)),
                        channel: c,
                        title: s(sn, "title"),
                        source: src,
                    }),
                    None => cx.report.skipped(
                        Kind::Relationship,
                        "subscription without a channel id",
                        format!("{}#{i}", e.name),
                    ),
                }
                continue;
            }
            let video = s(it.get("contentDetails"), "videoId").or_else(|| s(resource, "videoId"));
            match video {
                Some(v) => {
                    let (pl, items) = list.get_or_insert_with(|| {
                        let id = s(sn, "playlistId").unwrap_or_default();
                        (
                            Playlist {
                                title: if id.starts_with("LL") {
                                    "Liked videos".into()
                                } else {
                                    stem(&e.name)
                                },
                                id,
                                meta: Default::default(),
                            },
                            Vec::new(),
                        )
                    });
                    if pl.id.is_empty() && stem(&e.name) == "likes" {
                        pl.id = "LL".into();
                    }
                    items.push(Item {
                        video: v,
                        added: s(sn, "publishedAt"),
                        source: src,
                    });
                }
                None => {
                    cx.report.skipped(
                        Kind::Reaction,
                        "Data API item names neither a video nor a channel",
                        format!("{}#{i}", e.name),
                    );
                }
            }
        }
        let subscriptions = self.subs.iter().any(|s| s.source.entry == e.name);
        self.covered.insert(
            e.name.clone(),
            match &list {
                Some((pl, _)) => playlist_covers(pl),
                None if subscriptions => table_covers(TableRole::Subscriptions),
                None => &[],
            },
        );
        if let Some(l) = list {
            self.playlist_tables.push(l);
        }
        Ok(n)
    }
}

/// The first `YYYY-MM-DD HH:MM:SS UTC` or `YYYY-MM-DDTHH:MM:SSZ` in a text.
pub(super) fn find_time(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        let shape = digit(i)
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && b.get(i + 4) == Some(&b'-')
            && b.get(i + 7) == Some(&b'-')
            && matches!(b.get(i + 10), Some(b' ' | b'T'))
            && b.get(i + 13) == Some(&b':')
            && b.get(i + 16) == Some(&b':');
        if !shape || i > 0 && digit(i - 1) {
            continue;
        }
        let end = i + 19;
        let Some(base) = s.get(i..end) else {
            continue;
        };
        let rest = &s[end..];
        if rest.starts_with(" UTC") {
            return Some(format!("{base} UTC"));
        }
        if rest.starts_with('Z') {
            return Some(format!("{base}Z"));
        }
        return Some(base.to_string());
    }
    None
}

/// The first bytes of a JSON file look like My Activity history.
pub(super) fn is_history_json(head: &[u8]) -> bool {
    let h = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    h.contains("\"titleUrl\"") || h.contains("\"activityControls\"") || h.contains("\"header\"")
}
