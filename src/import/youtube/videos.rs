//! Playlists to reactions, and the videos met along the way to records.

use super::*;

/// The reaction a playlist's items are: liked videos, watch later, or any other list.
pub(super) fn playlist_kind(pl: &Playlist) -> &'static str {
    if pl.id.starts_with("LL") {
        "like"
    } else if pl.id == "WL" {
        "bookmark"
    } else {
        "playlist_item"
    }
}

/// What a playlist's file covers.
pub(super) fn playlist_covers(pl: &Playlist) -> &'static [&'static str] {
    match playlist_kind(pl) {
        "like" => &["reaction:like"],
        "bookmark" => &["reaction:bookmark"],
        _ => &["reaction:playlist_item"],
    }
}

impl YouTube {
    pub(super) fn reaction(
        &mut self,
        owner: &str,
        pl: &Playlist,
        item: Item,
        cx: &mut Context,
    ) -> Result<()> {
        let kind = playlist_kind(pl);
        let key = if kind == "playlist_item" {
            format!("{}/", pl.id)
        } else {
            String::new()
        };
        let base = format!("{kind}/{owner}/{key}{}", item.video);
        let mut native = base.clone();
        let mut k = 1;
        while !self.reaction_ids.insert(native.clone()) {
            k += 1;
            native = format!("{base}#{k}");
        }
        let mut raw = RawTimes::new();
        let created_at = time(item.added.as_deref(), "created_at", &mut raw);
        let mut ext = Ext::default();
        if !pl.id.is_empty() {
            ext.insert_string("playlist_id", pl.id.clone());
        }
        if !pl.title.is_empty() {
            ext.insert_string("playlist_title", pl.title.clone());
        }
        if !pl.meta.is_empty() && kind == "playlist_item" {
            ext.insert("playlist", Value::Object(pl.meta.clone()));
        }
        if kind == "like" {
            self.likes += 1;
        }
        let r = Reaction {
            id: record_id(NET, Kind::Reaction, &native),
            network: NET.into(),
            kind: kind.into(),
            actor: Self::account_id(owner),
            target: record_id(NET, Kind::Post, &item.video),
            target_url: Some(watch_url(&item.video)),
            created_at,
            raw_times: raw,
            source: item.source,
            ext,
            ..Default::default()
        };
        cx.emit(Record::Reaction(r))
    }

    /// Bind the uploaded files to the videos by title (FORMAT.md §4.5) and emit both.
    pub(super) fn emit_videos(&mut self, owner: &str, cx: &mut Context) -> Result<()> {
        let mut videos = std::mem::take(&mut self.videos);
        // duplicates of a title take `title`, `title (1)`, … in creation order
        videos.sort_by(|a, b| a.created.cmp(&b.created));
        let mut by_stem: HashMap<String, usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            if takeout::media_kind(&f.entry) == Some("video") {
                by_stem.entry(stem(&f.entry)).or_insert(i);
            }
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for v in videos {
            let t = file_title(&v.title);
            let nth = seen.entry(t.clone()).or_default();
            let want = if *nth == 0 {
                t.clone()
            } else {
                format!("{t} ({nth})")
            };
            *nth += 1;
            let file = by_stem.get(&want).copied().filter(|&i| !self.files[i].used);
            let mut raw = RawTimes::new();
            let created = time(v.created.as_deref(), "created", &mut raw);
            let published = time(v.published.as_deref(), "created_at", &mut raw);
            let post_id = record_id(NET, Kind::Post, &v.id);
            let mut media = Vec::new();
            if let Some(i) = file {
                let f = &mut self.files[i];
                f.used = true;
                let mut m = Media {
                    id: record_id(NET, Kind::Media, &v.id),
                    network: NET.into(),
                    kind: "video".into(),
                    original_url: Some(watch_url(&v.id)),
                    attached_to: vec![post_id.clone()],
                    source: Source::entry(&f.entry),
                    ..Default::default()
                };
                m.set_file(
                    f.entry.clone(),
                    f.stored.sha256.clone(),
                    f.stored.bytes,
                    f.stored.path.clone(),
                );
                m.ext.insert_string(
                    "matched_by",
                    if want == t {
                        "title".into()
                    } else {
                        "title and creation order (low confidence)".into()
                    },
                );
                media.push(m.id.clone());
                cx.emit(Record::Media(m))?;
            }
            let mut ext = v.ext;
            if let Some(c) = created {
                ext.insert_string("video_created_at", c.to_rfc3339());
            }
            if let Some(g) = self.recordings.remove(&v.id) {
                ext.insert("recording", g);
            }
            let edited_at = self
                .text_updates
                .get(&v.id)
                .and_then(|u| Timestamp::parse(u))
                .map(|(t, _)| t)
                .filter(|t| Some(*t) > published.or(created));
            let visibility = match v.privacy.as_deref().map(str::to_lowercase).as_deref() {
                Some("public") => Visibility::Public,
                Some("unlisted") => Visibility::Unlisted,
                Some("private") => Visibility::Private,
                _ => Visibility::Unknown,
            };
            if let Some(p) = &v.privacy {
                ext.insert_string("privacy", p.clone());
            }
            let text = match (v.title.is_empty(), v.description.is_empty()) {
                (false, false) => format!("{}\n\n{}", v.title, v.description),
                (false, true) => v.title.clone(),
                _ => v.description.clone(),
            };
            let author = v.channel.as_deref().unwrap_or(owner);
            let p = Post {
                id: post_id,
                network: NET.into(),
                author: Self::account_id(author),
                created_at: published.or(created),
                text,
                title: (!v.title.is_empty()).then_some(v.title),
                url: Some(watch_url(&v.id)),
                visibility,
                media,
                tags: v.tags,
                metrics: v.metrics,
                edited_at,
                raw_times: raw,
                source: v.source,
                ext,
                ..Default::default()
            };
            cx.emit(Record::Post(p))?;
        }
        Ok(())
    }
}
