//! Media files: a URI in the JSON found among the export's files, and its media record.

use super::*;

impl Meta {
    /// Find the stored file of a `uri`: as it is, with the section root swapped (G3
    /// archives name roots they do not use), then by file name.
    pub(super) fn find_file(&mut self, uri: &str) -> Option<(String, Stored)> {
        let uri = uri.trim_start_matches("./").trim_start_matches('/');
        let mut i = self.files.get(uri).copied();
        if i.is_none() {
            let bare = FB_ROOTS
                .iter()
                .find_map(|r| uri.strip_prefix(r))
                .unwrap_or(uri);
            i = self.files.get(bare).copied().or_else(|| {
                FB_ROOTS
                    .iter()
                    .find_map(|r| self.files.get(&format!("{r}{bare}")).copied())
            });
        }
        if i.is_none() {
            i = self.by_base.get(file_name(uri)).copied();
        }
        let f = self.stored.get_mut(i?)?;
        f.used = true;
        Some((f.entry.clone(), f.stored.clone()))
    }

    /// A media record for a media object (`{"uri", "creation_timestamp", …}`) attached
    /// to `owner`; returns its id. Missing files are reported by name. The same uri
    /// referenced again gives the same record.
    pub(super) fn media(
        &mut self,
        net: Net,
        mut m: Map<String, Value>,
        kind_hint: Option<&str>,
        owner: &str,
        src: &Source,
        cx: &mut Context,
    ) -> Result<Option<String>> {
        let uri = match m.remove("uri") {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            _ => return Ok(None),
        };
        let id = record_id(net.name(), Kind::Media, &uri);
        if !self.ids.insert(id.clone()) {
            return Ok(Some(id));
        }
        let video = m
            .get("media_metadata")
            .and_then(|x| x.get("video_metadata"))
            .is_some();
        let mime = crate::archive::mime_of(file_name(&uri));
        let kind = kind_hint.unwrap_or(if video {
            "video"
        } else {
            Media::kind_of_mime(mime)
        });
        let mut media = Media {
            id: id.clone(),
            network: net.name().into(),
            kind: kind.into(),
            attached_to: vec![owner.to_string()],
            source: src.clone(),
            ..Media::default()
        };
        if uri.starts_with("http://") || uri.starts_with("https://") {
            media.original_url = Some(uri);
        } else {
            match self.find_file(&uri) {
                Some((entry, stored)) => {
                    media.set_file(entry, stored.sha256, stored.bytes, stored.path);
                    if media.mime.as_deref() == Some("application/octet-stream") && video {
                        media.mime = Some("video/mp4".into());
                    }
                }
                None => {
                    media.missing = true;
                    media.original_path = Some(uri.clone());
                    cx.report.missing_media(format!(
                        "{uri} (referenced by {}) is not in the dump",
                        src.entry
                    ));
                }
            }
        }
        if let Some(Value::String(t)) = m.get("title") {
            if t.is_empty() {
                m.remove("title");
            }
        }
        if let Some(Value::String(b)) = m.get("backup_uri") {
            if media.original_url.is_none() {
                media.original_url = Some(b.clone());
            }
        }
        media.ext = Ext::from_map(m);
        cx.emit(Record::Media(media))?;
        Ok(Some(id))
    }
}
