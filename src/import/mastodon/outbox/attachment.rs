//! A post's attachments as media records.

use super::*;

impl Mastodon {
    /// A media record for an attachment, with its file when the archive has it.
    pub(super) fn attachment(
        &mut self,
        mut m: Map<String, Value>,
        post_id: &str,
        oid: &str,
        index: usize,
        src: &Source,
        cx: &mut Context,
    ) -> Media {
        let url = str_or_id(m.get("url")).unwrap_or_default();
        m.remove("url");
        let mime = string(m.remove("mediaType"));
        let alt_text = string(m.remove("name")).filter(|s| !s.is_empty());
        // an attachment written by lifeboat for media of another network names its
        // record by a `tag:` id
        let restored = m
            .get("id")
            .and_then(Value::as_str)
            .and_then(crate::model::record_of_iri)
            .filter(|id| id.split(':').nth(1) == Some("media"));
        if restored.is_some() {
            m.remove("id");
        }
        let id = match restored {
            Some(id) => id,
            None => {
                let mut native = attachment_native(&url);
                if !self.media_ids.insert(native.clone()) {
                    native = format!("{native}@{oid}#{index}");
                }
                record_id(NET, Kind::Media, &native)
            }
        };
        let mut media = Media {
            network: crate::export::network_of(&id).to_string(),
            id,
            kind: Media::kind_of_mime(mime.as_deref().unwrap_or("")).into(),
            mime: mime.clone(),
            alt_text,
            original_url: Some(url.clone()),
            attached_to: vec![post_id.to_string()],
            source: src.clone(),
            ..Default::default()
        };
        match self.take_file(&url) {
            Some((entry, stored)) => {
                media.set_file(entry, stored.sha256, stored.bytes, stored.path);
                // the type the server declared, when it differs from the file's
                if let Some(mt) = mime {
                    if media.mime.as_deref() != Some(mt.as_str()) {
                        m.insert("mediaType".into(), Value::String(mt));
                    }
                }
            }
            None => {
                media.missing = true;
                cx.report.missing_media(format!(
                    "{} (attachment of post {oid}) is referenced but not in the dump",
                    super::super::media_key(&url)
                ));
            }
        }
        // blurhash, focal point, size, duration, thumbnail
        media.ext = Ext::from_map(m);
        media
    }
}

/// Native id of an attachment: its numeric id, which Mastodon splits into the
/// folders of the file's path (`files/110/285/…/original/x.jpg`); else the URL.
pub(super) fn attachment_native(url: &str) -> String {
    if let Some(i) = url.find("media_attachments/files/") {
        let rest = &url[i + "media_attachments/files/".len()..];
        if let Some((digits, _)) = rest.split_once("/original/") {
            let id: String = digits.split('/').collect();
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = id.trim_start_matches('0');
                return if trimmed.is_empty() {
                    "0".into()
                } else {
                    trimmed.to_string()
                };
            }
        }
    }
    url.to_string()
}
